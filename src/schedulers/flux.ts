import { CommandRunner, type CommandResult } from './command-runner';
import { SchedulerCommandError, SchedulerUnreachableError } from './errors';
import { FLUX_HELD_FORMAT, decideHeld, parseNamedJobs } from './flux-held-submit';
import { renderFluxScript } from './flux-script';
import {
  FLUX_JOBS_FORMAT,
  exitCodeFromFluxReturncode,
  mapFluxState,
  normalizeFluxId,
  parseFluxJobs,
  type FluxRecord,
} from './flux-parse';
import { chunk } from './idempotent-submit';
import { schedulerCommandEnvironment } from './job-environment';
import { assertValidJobName } from './job-name';
import { ScriptSubmitAdapter, type WrittenJob } from './submit-flow';
import { FLUX_BATCH_FAILURES, classifySubmitFailure } from './submit-failure';
import type { JobRef, JobSpec, SchedulerStatus } from './types';

export interface FluxOptions {
  /** The `flux` executable; default `flux` on PATH. */
  executable?: string;
  runner?: CommandRunner;
  timeoutMs?: number;
  /**
   * Extra environment for every flux command, on top of the minimal one they get (the job
   * environment's base names and the worker's FLUX_URI). `flux batch` copies its whole environment
   * into the jobspec, so this reaches the job too: no secrets.
   */
  env?: Readonly<Record<string, string>>;
  /** Job ids per `flux jobs` call. */
  statusChunkSize?: number;
  /** Called right after `flux batch` returned and before the marker is written; for crash tests only. */
  afterSchedulerAccepted?: (schedulerId: string) => void;
}

export const DEFAULT_FLUX_CHUNK_SIZE = 250;
/** Worker variables the flux CLI itself reads (which instance to talk to). */
const FLUX_CLIENT_VARIABLES = ['FLUX_URI'];
/**
 * stderr of `flux jobs` for ids it does not know (`JobID 1234 unknown`, exit 1 when it knows none of
 * them, 0 when it listed others): the instance answered, so it is not an outage.
 */
const UNKNOWN_JOB = /JobID \S+ unknown|unknown job/i;

/**
 * Adapter over Flux's CLI (flux batch, flux jobs, flux cancel), checked against a live flux-core 0.88.0
 * (test/flux). Ids are kept in decimal.
 */
export class FluxAdapter extends ScriptSubmitAdapter {
  readonly kind = 'flux' as const;
  readonly runner: CommandRunner;
  private readonly flux: string;
  private readonly chunkSize: number;

  constructor(private readonly options: FluxOptions = {}) {
    super(options.afterSchedulerAccepted);
    this.runner = options.runner ?? new CommandRunner(options.timeoutMs);
    this.flux = options.executable ?? 'flux';
    this.chunkSize = options.statusChunkSize ?? DEFAULT_FLUX_CHUNK_SIZE;
  }

  protected renderValidatedScript(spec: JobSpec, jobDir: string): string {
    return renderFluxScript(spec, jobDir);
  }

  protected async handToScheduler({ spec, jobDir, scriptPath, logPath }: WrittenJob): Promise<string> {
    // flux batch takes the working directory from its own cwd, and the job's environment from its own.
    // Held (urgency 0) until releaseOne has made sure no earlier submission of the name landed meanwhile.
    const result = await this.runner.run(
      this.flux,
      ['batch', '--urgency=0', `--output=${logPath}`, scriptPath],
      { cwd: jobDir, env: this.commandEnv(spec.inheritEnv) },
    );
    if (result.exitCode !== 0) throw classifySubmitFailure(FLUX_BATCH_FAILURES, result);
    const { stdout } = result;
    const schedulerId = normalizeFluxId(stdout.trim().split('\n').pop() ?? '');
    if (schedulerId === undefined) {
      throw new SchedulerCommandError(`flux batch printed no job id: ${JSON.stringify(stdout)}`, 0, '');
    }
    return this.releaseOne(spec.name, schedulerId);
  }

  /** A job found under the name may be one a crashed submitter left held: release it (or the right one). */
  protected override adoptKnown(spec: JobSpec): Promise<string> {
    return this.releaseOne(spec.name);
  }

  /** Keeps one job of this name, released; cancels the other held ones, which never ran (flux-held-submit.ts). */
  private async releaseOne(name: string, submitted?: string): Promise<string> {
    const listed = await this.runFlux(['jobs', '-a', '-n', `--name=${name}`, '-o', FLUX_HELD_FORMAT]);
    if (listed.exitCode !== 0) throw unreachable(listed);
    const decision = decideHeld(parseNamedJobs(listed.stdout, name), submitted);
    if (!decision) throw new SchedulerUnreachableError(`flux jobs no longer lists ${name}`);
    if (decision.cancel.length > 0) {
      const cancelled = await this.runFlux(['cancel', ...decision.cancel]);
      if (cancelled.exitCode !== 0 && !/inactive|unknown job/i.test(cancelled.stderr))
        throw unreachable(cancelled);
    }
    if (decision.release) {
      const released = await this.runFlux(['job', 'urgency', decision.keep, 'default']);
      if (released.exitCode !== 0) throw unreachable(released);
    }
    return decision.keep;
  }

  async findByName(name: string): Promise<JobRef[]> {
    assertValidJobName(name);
    const result = await this.runFlux(['jobs', '-a', '-n', `--name=${name}`, '-o', FLUX_JOBS_FORMAT]);
    if (result.exitCode !== 0) throw unreachable(result);
    return parseFluxJobs(result.stdout)
      .filter((record) => record.name === name)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .map((record) => ({ schedulerId: record.id, name: record.name }));
  }

  async statusMany(refs: readonly JobRef[]): Promise<Map<string, SchedulerStatus>> {
    const statuses = new Map<string, SchedulerStatus>();
    const valid: { ref: JobRef; id: string }[] = [];
    for (const ref of refs) {
      const id = normalizeFluxId(ref.schedulerId);
      if (id === undefined)
        statuses.set(ref.schedulerId, { state: 'unknown', reason: 'not a Flux job id', raw: '' });
      else valid.push({ ref, id });
    }
    for (const part of chunk(valid, this.chunkSize)) {
      let records: FluxRecord[];
      try {
        records = await this.listJobs(part.map((entry) => entry.id));
      } catch (error) {
        if (!(error instanceof SchedulerUnreachableError)) throw error;
        for (const { ref } of part) {
          statuses.set(ref.schedulerId, { state: 'unreachable', reason: error.message, raw: error.stderr });
        }
        continue;
      }
      for (const { ref, id } of part) {
        const record = records.find((candidate) => candidate.id === id && candidate.name === ref.name);
        statuses.set(
          ref.schedulerId,
          record
            ? toStatus(record)
            : { state: 'unknown', reason: 'flux jobs does not know this job', raw: '' },
        );
      }
    }
    return statuses;
  }

  async cancel(ref: JobRef): Promise<void> {
    const id = normalizeFluxId(ref.schedulerId);
    if (id === undefined) throw new SchedulerCommandError(`not a Flux job id: ${ref.schedulerId}`, null, '');
    // flux cancel has no name filter: check the name first so a foreign job is never touched.
    const [record] = await this.listJobs([id]);
    if (!record || record.name !== ref.name || record.state === 'INACTIVE') return;
    const result = await this.runFlux(['cancel', id]);
    if (result.exitCode !== 0 && !/inactive|unknown job/i.test(result.stderr)) throw unreachable(result);
  }

  private runFlux(args: string[]): Promise<CommandResult> {
    return this.runner.run(this.flux, args, { env: this.commandEnv() });
  }

  private commandEnv(inheritEnv?: readonly string[]): NodeJS.ProcessEnv {
    return schedulerCommandEnvironment(process.env, FLUX_CLIENT_VARIABLES, this.options.env, inheritEnv);
  }

  private async listJobs(ids: string[]): Promise<FluxRecord[]> {
    // Given ids, flux jobs lists them whatever their state (with -a it only warns that -a is ignored).
    const result = await this.runFlux(['jobs', '-n', '-o', FLUX_JOBS_FORMAT, ...ids]);
    const records = parseFluxJobs(result.stdout);
    if (result.exitCode !== 0 && records.length === 0 && !UNKNOWN_JOB.test(result.stderr))
      throw unreachable(result);
    return records;
  }
}

function toStatus(record: FluxRecord): SchedulerStatus {
  const state = mapFluxState(record.state, record.result);
  const status: SchedulerStatus = {
    state,
    raw: record.result ? `${record.state}|${record.result}` : record.state,
  };
  if ((state === 'completed' || state === 'failed') && record.exited && record.returncode !== undefined) {
    const exitCode = exitCodeFromFluxReturncode(record.returncode);
    if (exitCode !== undefined) status.exitCode = exitCode;
  }
  if (record.exception) status.reason = record.exception;
  return status;
}

function unreachable(result: CommandResult): SchedulerUnreachableError {
  const detail = result.stderr.trim() || result.stdout.trim() || 'no output';
  return new SchedulerUnreachableError(
    `flux exited with ${result.exitCode ?? 'a signal'}: ${detail}`,
    result.stderr,
  );
}
