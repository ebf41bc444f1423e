import * as path from 'node:path';
import { CommandRunner, type CommandResult } from './command-runner';
import { SchedulerCommandError, SchedulerUnreachableError } from './errors';
import { chunk } from './idempotent-submit';
import { schedulerCommandEnvironment } from './job-environment';
import { assertValidJobName } from './job-name';
import {
  SACCT_FIELDS,
  SQUEUE_FIELDS,
  exitCodeApplies,
  mapSlurmState,
  parseSacct,
  parseSqueue,
  type SlurmRecord,
} from './slurm-parse';
import { renderSlurmScript } from './slurm-script';
import { ScriptSubmitAdapter, type WrittenJob } from './submit-flow';
import { SBATCH_FAILURES, classifySubmitFailure } from './submit-failure';
import type { JobRef, JobSpec, SchedulerStatus } from './types';

export interface SlurmOptions {
  /** Directory holding sbatch/squeue/sacct/scancel; default: found on PATH. */
  binDir?: string;
  runner?: CommandRunner;
  /** Per-command timeout. */
  timeoutMs?: number;
  /**
   * Extra environment for every SLURM command, on top of the minimal one they get (the job
   * environment's base names and the worker's SLURM_CONF). sbatch hands it on to the job: no secrets.
   */
  env?: Readonly<Record<string, string>>;
  /** Job ids per squeue/sacct call. */
  statusChunkSize?: number;
  /**
   * Where finished jobs are looked up once squeue forgot them: `slurmdbd` (plain sacct), `jobcomp`
   * (`sacct -c`, the completion log of clusters without a database) or `auto` (slurmdbd, falling back to
   * jobcomp when accounting storage is disabled).
   */
  accounting?: 'auto' | 'slurmdbd' | 'jobcomp';
  /** Called right after sbatch returned and before the marker is written; for crash tests only. */
  afterSchedulerAccepted?: (schedulerId: string) => void;
}

export const DEFAULT_STATUS_CHUNK_SIZE = 250;
/** Worker variables the SLURM commands themselves read (where the cluster's configuration is). */
const SLURM_CLIENT_VARIABLES = ['SLURM_CONF'];
const ACCOUNTING_DISABLED = /accounting storage is disabled/i;
const UNKNOWN_JOB_IDS = /Invalid job id specified/i;

export class SlurmAdapter extends ScriptSubmitAdapter {
  readonly kind = 'slurm' as const;
  readonly runner: CommandRunner;
  private readonly chunkSize: number;
  private accounting: 'auto' | 'slurmdbd' | 'jobcomp';

  constructor(private readonly options: SlurmOptions = {}) {
    super(options.afterSchedulerAccepted);
    this.runner = options.runner ?? new CommandRunner(options.timeoutMs);
    this.chunkSize = options.statusChunkSize ?? DEFAULT_STATUS_CHUNK_SIZE;
    this.accounting = options.accounting ?? 'auto';
  }

  protected renderValidatedScript(spec: JobSpec, jobDir: string): string {
    return renderSlurmScript(spec, jobDir);
  }

  protected async handToScheduler({ spec, jobDir, scriptPath, logPath }: WrittenJob): Promise<string> {
    // --export=ALL: the job gets exactly sbatch's environment, which is the minimal one built here.
    // NONE/NIL would make slurmd load the user's login environment instead.
    const result = await this.runner.run(
      this.bin('sbatch'),
      ['--parsable', '--export=ALL', `--chdir=${jobDir}`, `--output=${logPath}`, scriptPath],
      { env: this.commandEnv(spec.inheritEnv) },
    );
    if (result.exitCode !== 0) throw classifySubmitFailure(SBATCH_FAILURES, result);
    const { stdout } = result;
    const schedulerId = stdout.trim().split(';')[0] ?? '';
    if (!/^\d+$/.test(schedulerId)) {
      throw new SchedulerCommandError(`sbatch printed no job id: ${JSON.stringify(stdout)}`, 0, '');
    }
    return schedulerId;
  }

  async findByName(name: string): Promise<JobRef[]> {
    assertValidJobName(name);
    const live = await this.squeue(`--name=${name}`);
    if (live.exitCode !== 0) throw unreachable('squeue', live);
    const found = parseSqueue(live.stdout).filter((record) => record.name === name);
    if (found.length === 0) {
      // sacct -c ignores --name (it lists every job), hence the filter on our side as well.
      const finished = await this.sacct(['--name', name, '--starttime', 'now-60days']);
      found.push(...finished.filter((record) => record.name === name));
    }
    return newestFirst(found).map((record) => ({ schedulerId: record.id, name: record.name }));
  }

  async statusMany(refs: readonly JobRef[]): Promise<Map<string, SchedulerStatus>> {
    const statuses = new Map<string, SchedulerStatus>();
    const valid: JobRef[] = [];
    for (const ref of refs) {
      if (/^\d+(_\d+)?$/.test(ref.schedulerId)) valid.push(ref);
      else statuses.set(ref.schedulerId, { state: 'unknown', reason: 'not a SLURM job id', raw: '' });
    }
    for (const part of chunk(valid, this.chunkSize)) {
      try {
        await this.statusChunk(part, statuses);
      } catch (error) {
        if (!(error instanceof SchedulerUnreachableError)) throw error;
        for (const ref of part) {
          statuses.set(ref.schedulerId, { state: 'unreachable', reason: error.message, raw: error.stderr });
        }
      }
    }
    return statuses;
  }

  async cancel(ref: JobRef): Promise<void> {
    assertValidJobName(ref.name);
    // With both an id and --name, scancel only touches a job matching both: a reused id is safe.
    const result = await this.runSlurm(this.bin('scancel'), [`--name=${ref.name}`, ref.schedulerId]);
    // A job that already ended (or was purged) is "Invalid job id" once --name is given: nothing to do.
    if (result.exitCode !== 0 && !UNKNOWN_JOB_IDS.test(result.stderr)) throw unreachable('scancel', result);
  }

  /** One squeue for the chunk; one sacct only for the jobs squeue no longer knows. */
  private async statusChunk(refs: JobRef[], statuses: Map<string, SchedulerStatus>): Promise<void> {
    const ids = refs.map((ref) => ref.schedulerId).join(',');
    const live = await this.squeue(`--jobs=${ids}`);
    let records: SlurmRecord[] = [];
    if (live.exitCode === 0) records = parseSqueue(live.stdout);
    else if (!UNKNOWN_JOB_IDS.test(live.stderr)) throw unreachable('squeue', live);

    const missing: JobRef[] = [];
    for (const ref of refs) {
      const record = records.find(
        (candidate) => candidate.id === ref.schedulerId && candidate.name === ref.name,
      );
      if (record) statuses.set(ref.schedulerId, toStatus(record));
      else missing.push(ref);
    }
    if (missing.length === 0) return;

    const finished = await this.sacct(['--jobs', missing.map((ref) => ref.schedulerId).join(',')]);
    for (const ref of missing) {
      // The completion log keeps every job that ever had this id; the last one with our name wins.
      const record = finished
        .filter((candidate) => candidate.id === ref.schedulerId && candidate.name === ref.name)
        .pop();
      statuses.set(
        ref.schedulerId,
        record
          ? toStatus(record)
          : { state: 'unknown', reason: 'neither squeue nor sacct knows this job under this name', raw: '' },
      );
    }
  }

  /** squeue over every state (finished jobs too, while slurmctld still remembers them). */
  private squeue(selection: string): Promise<CommandResult> {
    return this.runSlurm(this.bin('squeue'), ['--noheader', '--states=all', selection, '-O', SQUEUE_FIELDS]);
  }

  private async sacct(selection: string[]): Promise<SlurmRecord[]> {
    const common = ['--parsable2', '--noheader', `--format=${SACCT_FIELDS}`];
    if (this.accounting !== 'jobcomp') {
      const result = await this.runSlurm(this.bin('sacct'), ['--allocations', ...common, ...selection]);
      if (result.exitCode === 0) {
        this.accounting = 'slurmdbd';
        return parseSacct(result.stdout);
      }
      if (this.accounting === 'slurmdbd' || !ACCOUNTING_DISABLED.test(result.stderr)) {
        throw unreachable('sacct', result);
      }
      this.accounting = 'jobcomp';
    }
    const result = await this.runSlurm(this.bin('sacct'), ['--completion', ...common, ...selection]);
    if (result.exitCode !== 0) throw unreachable('sacct --completion', result);
    return parseSacct(result.stdout);
  }

  private runSlurm(file: string, args: string[]): Promise<CommandResult> {
    return this.runner.run(file, args, { env: this.commandEnv() });
  }

  private commandEnv(inheritEnv?: readonly string[]): NodeJS.ProcessEnv {
    return schedulerCommandEnvironment(process.env, SLURM_CLIENT_VARIABLES, this.options.env, inheritEnv);
  }

  private bin(command: string): string {
    return this.options.binDir ? path.join(this.options.binDir, command) : command;
  }
}

function toStatus(record: SlurmRecord): SchedulerStatus {
  const state = mapSlurmState(record.state);
  const status: SchedulerStatus = {
    state,
    raw: record.reason ? `${record.state}|${record.reason}` : record.state,
  };
  if (record.exitCode !== undefined && exitCodeApplies(state)) status.exitCode = record.exitCode;
  if (record.reason) status.reason = record.reason;
  return status;
}

function newestFirst(records: SlurmRecord[]): SlurmRecord[] {
  return [...records].sort((a, b) => Number.parseInt(b.id, 10) - Number.parseInt(a.id, 10));
}

function unreachable(command: string, result: CommandResult): SchedulerUnreachableError {
  const detail = result.stderr.trim() || result.stdout.trim() || 'no output';
  return new SchedulerUnreachableError(
    `${command} exited with ${result.exitCode ?? 'a signal'}: ${detail}`,
    result.stderr,
  );
}
