import { spawn, type ChildProcess } from 'node:child_process';
import { BUILT_CLI, type Finished } from '../adversarial/support';
import { readHarnessState } from '../harness/state';

/** A running `orcastrate` command whose stdout lines can be awaited while it runs. */
export interface RunningCli {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first stdout line matching `test` (rejects at the deadline or if the process ends first). */
  waitForLine: (test: (line: string) => boolean, timeoutMs?: number) => Promise<string>;
  exited: Promise<Finished>;
}

/** Spawns the built CLI against the harness's server and database; SIGKILLed at the deadline. */
export function spawnCli(args: string[], env: Record<string, string>, deadlineMs = 150_000): RunningCli {
  const state = readHarnessState();
  const started = Date.now();
  const child = spawn(process.execPath, [BUILT_CLI, ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      TEMPORAL_ADDRESS: state.temporalAddress,
      TEMPORAL_NAMESPACE: state.temporalNamespace,
      DATABASE_URL: state.databaseUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop()!;
    lines.push(...complete);
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, deadlineMs);
  const exited = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      for (const wake of waiters) wake();
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started, killed });
    });
  });
  const waitForLine = (test: (line: string) => boolean, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find(test);
        if (found !== undefined) return done(() => resolve(found));
        if (child.exitCode !== null || child.signalCode !== null) {
          done(() => reject(new Error(`orcastrate ${args[0]} ended first; stderr: ${stderr}`)));
        }
      };
      const deadline = setTimeout(
        () => done(() => reject(new Error(`no such line within ${timeoutMs} ms: ${lines.join('\n')}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(deadline);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  return { child, lines, waitForLine, exited };
}
