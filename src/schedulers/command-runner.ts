import { execFile } from 'node:child_process';
import { SchedulerCommandError, SchedulerUnreachableError } from './errors';

export interface CommandResult {
  stdout: string;
  stderr: string;
  /** null when the process was killed by a signal. */
  exitCode: number | null;
}

export interface CommandOptions {
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Runs scheduler commands as argument arrays (never through a shell) with a timeout, and counts every
 * process it spawns so tests can prove how many commands a poll costs.
 */
export class CommandRunner {
  private spawned = 0;

  constructor(private readonly defaultTimeoutMs = DEFAULT_TIMEOUT_MS) {}

  get spawnCount(): number {
    return this.spawned;
  }

  /**
   * Resolves with the result whatever the exit code; rejects with SchedulerUnreachableError when the
   * program is missing, cannot be started or exceeds its timeout.
   */
  run(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    this.spawned += 1;
    return new Promise((resolve, reject) => {
      execFile(
        file,
        args,
        {
          cwd: options.cwd,
          env: options.env,
          timeout: timeoutMs,
          killSignal: 'SIGKILL',
          maxBuffer: MAX_OUTPUT_BYTES,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve({ stdout, stderr, exitCode: 0 });
            return;
          }
          const failure = error as NodeJS.ErrnoException & {
            killed?: boolean;
            signal?: NodeJS.Signals | null;
            code?: unknown;
          };
          if (failure.killed || (failure.signal === 'SIGKILL' && typeof failure.code !== 'number')) {
            reject(
              new SchedulerUnreachableError(
                `${describe(file, args)} timed out after ${timeoutMs} ms`,
                stderr,
              ),
            );
          } else if (typeof failure.code === 'string') {
            reject(new SchedulerUnreachableError(`cannot run ${file}: ${failure.code} (${failure.message})`));
          } else {
            resolve({ stdout, stderr, exitCode: typeof failure.code === 'number' ? failure.code : null });
          }
        },
      );
    });
  }

  /** Like run, but a non-zero exit becomes a SchedulerCommandError carrying stderr. */
  async runChecked(
    file: string,
    args: readonly string[],
    options: CommandOptions = {},
  ): Promise<CommandResult> {
    const result = await this.run(file, args, options);
    if (result.exitCode !== 0) {
      throw new SchedulerCommandError(
        `${describe(file, args)} exited with ${result.exitCode ?? 'a signal'}: ${result.stderr.trim() || result.stdout.trim()}`,
        result.exitCode,
        result.stderr,
      );
    }
    return result;
  }
}

function describe(file: string, args: readonly string[]): string {
  const shown = args.length > 6 ? [...args.slice(0, 6), `... (${args.length} args)`] : args;
  return [file, ...shown].join(' ');
}
