import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic-file';
import { SchedulerUnreachableError } from './errors';
import { assertValidJobName } from './job-name';
import { jobsToStart, type ConcurrencyClaim } from './local-concurrency';
import { LocalIndex, isLocalJobId, type LocalIndexEntry } from './local-index';
import {
  LOCAL_FILES,
  LocalJobStateError,
  lostStatus,
  readJobPgid,
  readWrapperPid,
  readLocalJobState,
  writeStateFile,
} from './local-job-state';
import { launchLocalJob, signal, stopLostJob, stopWrapper } from './local-launch';
import { renderLocalScript } from './local-script';
import { ScriptSubmitAdapter, type WrittenJob } from './submit-flow';
import type { JobRef, JobSpec, SchedulerStatus, SubmitResult } from './types';

export interface LocalOptions {
  /** The runner's own index (job id -> job state dir, name -> job id, active and ended jobs). */
  stateDir: string;
  /**
   * Jobs without `localConcurrency` running at once; later ones stay `pending` until a slot frees.
   * Jobs with it are limited by their own group only. Default: CPU count.
   */
  maxConcurrent?: number;
  /** Seconds between SIGTERM and SIGKILL on cancel and walltime. */
  killGraceSeconds?: number;
  bash?: string;
  /** Called right after the job is queued and before the marker is written; for crash tests only. */
  afterSchedulerAccepted?: (schedulerId: string) => void;
}

/** Group of the jobs that have no `localConcurrency` (user groups are never empty). */
const DEFAULT_GROUP = '';

type Survey = { id: string; entry: LocalIndexEntry; phase: 'queued' | 'active' } | undefined;

/**
 * The embedded scheduler for laptops and demos. Jobs run as detached process groups under a small
 * bash wrapper that records their fate in the job directory, so a new runner (after a worker restart)
 * recovers every job's status, including jobs that ended while no runner was alive. One runner per
 * stateDir at a time: the concurrency limits are enforced inside this process.
 *
 * Each job's trouble stays its own: a job whose directory or state files vanished, are garbled or
 * cannot be written ends `failed` with `lost` set, its wrapper is stopped, and it leaves the queue.
 */
export class LocalRunner extends ScriptSubmitAdapter {
  readonly kind = 'local' as const;
  private readonly maxConcurrent: number;
  private readonly graceSeconds: number;
  private readonly bash: string;
  private readonly index: LocalIndex;
  private pumping: Promise<void> = Promise.resolve();

  constructor(private readonly options: LocalOptions) {
    super(options.afterSchedulerAccepted);
    this.maxConcurrent = options.maxConcurrent ?? Math.max(1, cpus().length);
    this.graceSeconds = options.killGraceSeconds ?? 5;
    this.bash = options.bash ?? '/bin/bash';
    this.index = new LocalIndex(options.stateDir);
  }

  /** The shared submit flow, then a pump so the job starts at once when its group has room. */
  override async submit(spec: JobSpec): Promise<SubmitResult> {
    const result = await super.submit(spec);
    await this.pump();
    return result;
  }

  protected renderValidatedScript(spec: JobSpec, jobDir: string): string {
    return renderLocalScript(spec, jobDir);
  }

  /** Queues the job in the runner's index; pump() starts it. */
  protected handToScheduler({ spec, jobDir, scriptPath, logPath }: WrittenJob): Promise<string> {
    const id = `local-${String(Date.now()).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
    const stateDir = path.join(jobDir, '.orcastrate-local', id);
    mkdirSync(stateDir, { recursive: true });
    const entry: LocalIndexEntry = {
      name: spec.name,
      stateDir,
      scriptPath,
      logPath,
      walltimeSeconds: spec.walltimeSeconds,
    };
    if (spec.inheritEnv?.length) entry.inheritEnv = [...spec.inheritEnv];
    if (spec.localConcurrency) entry.concurrency = { ...spec.localConcurrency };
    writeFileAtomic(path.join(stateDir, LOCAL_FILES.job), `${JSON.stringify({ id, ...entry })}\n`);
    this.index.write(id, entry);
    this.index.setOwner(spec.name, id);
    this.index.activate(id);
    return Promise.resolve(id);
  }

  findByName(name: string): Promise<JobRef[]> {
    assertValidJobName(name);
    const id = this.index.ownerOf(name);
    return Promise.resolve(id ? [{ schedulerId: id, name }] : []);
  }

  async statusMany(refs: readonly JobRef[]): Promise<Map<string, SchedulerStatus>> {
    const statuses = new Map<string, SchedulerStatus>();
    try {
      await this.pump();
    } catch (error) {
      for (const ref of refs) statuses.set(ref.schedulerId, unreachable(error));
      return statuses;
    }
    for (const ref of refs) {
      try {
        statuses.set(ref.schedulerId, this.statusOf(ref));
      } catch (error) {
        statuses.set(ref.schedulerId, unreachable(error));
      }
    }
    return statuses;
  }

  async cancel(ref: JobRef): Promise<void> {
    const id = ref.schedulerId;
    if (!isLocalJobId(id) || this.index.ended(id)) return;
    const read = this.index.read(id);
    if (read.kind === 'corrupt' && this.index.ownerOf(ref.name) === id) {
      this.finish(id, undefined, lostStatus('job-state-corrupt', read.reason));
    }
    if (read.kind !== 'ok' || read.entry.name !== ref.name) return;
    const { entry } = read;
    const state = readLocalJobState(entry.stateDir);
    if (state.phase === 'ended') {
      if (state.status.lost) this.finish(id, entry, state.status);
      return;
    }
    try {
      writeStateFile(entry.stateDir, LOCAL_FILES.cancelRequested, `${Date.now()}\n`);
    } catch (error) {
      if (!(error instanceof LocalJobStateError)) throw error;
      this.finish(id, entry, error.status);
      return;
    }
    const pgid = readJobPgid(entry.stateDir);
    if (pgid !== undefined) {
      if (signal(-pgid, 'SIGTERM'))
        setTimeout(() => signal(-pgid, 'SIGKILL'), this.graceSeconds * 1000).unref();
    } else if (readWrapperPid(entry.stateDir) !== undefined) {
      // No job-pgid recorded (yet, or unwritable): the wrapper forwards the signal to the job. Before
      // it has recorded its pid it may not have set its trap yet (a SIGTERM would kill it without an
      // exit record); it reads cancel-requested right after recording its pid, so it is left alone.
      const wrapper = this.index.wrapperPid(id);
      if (wrapper !== undefined) stopWrapper(wrapper, entry.stateDir);
    }
    await this.pump();
  }

  /** Starts queued jobs while their groups have room (serialised: concurrent calls never overshoot). */
  pump(): Promise<void> {
    const run = this.pumping.then(() => this.pumpOnce());
    this.pumping = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      throw new SchedulerUnreachableError(
        `the local runner's state under ${this.options.stateDir} is unusable: ${(error as Error).message}`,
      );
    });
  }

  private pumpOnce(): void {
    const running: ConcurrencyClaim[] = [];
    const queued: NonNullable<Survey>[] = [];
    for (const id of this.index.activeIds()) {
      const job = this.survey(id);
      if (job?.phase === 'active') running.push(this.claimOf(job.entry));
      else if (job) queued.push(job);
    }
    let failedToStart = false;
    for (const job of jobsToStart(running, queued, ({ entry }) => this.claimOf(entry))) {
      if (!this.start(job)) failedToStart = true;
    }
    // A job that could not start left the queue; its slot goes to the next one now. Each round
    // retires at least one job, so this ends.
    if (failedToStart) this.pumpOnce();
  }

  /** One active job's phase; jobs that ended (or are lost) leave the queue here. */
  private survey(id: string): Survey {
    if (!isLocalJobId(id)) {
      this.index.retire(id); // a stray file (e.g. left by a crash during a write)
      return undefined;
    }
    const read = this.index.read(id);
    if (read.kind === 'missing') {
      this.finish(id, undefined, lostStatus('job-state-corrupt', `the runner has no entry for ${id}`));
      return undefined;
    }
    if (read.kind === 'corrupt') {
      this.finish(id, undefined, lostStatus('job-state-corrupt', read.reason));
      return undefined;
    }
    const state = readLocalJobState(read.entry.stateDir);
    if (state.phase === 'ended') {
      this.finish(id, read.entry, state.status);
      return undefined;
    }
    return { id, entry: read.entry, phase: state.phase };
  }

  /** False when the job could not be started and was retired as lost. */
  private start({ id, entry }: NonNullable<Survey>): boolean {
    let pid: number | undefined;
    try {
      pid = launchLocalJob(entry, {
        bash: this.bash,
        graceSeconds: this.graceSeconds,
        workerEnv: process.env,
        onExit: () => void this.pump().catch(() => undefined),
      });
    } catch (error) {
      const status =
        error instanceof LocalJobStateError
          ? error.status
          : lostStatus('lost', `the job could not be launched: ${(error as Error).message}`);
      this.finish(id, entry, status);
      return false;
    }
    if (pid !== undefined) this.index.recordWrapper(id, pid);
    return true;
  }

  /** Records the job's final status in the runner's own index and takes it out of the queue. */
  private finish(id: string, entry: LocalIndexEntry | undefined, status: SchedulerStatus): void {
    if (status.lost) stopLostJob(this.index.wrapperPid(id), entry, this.graceSeconds);
    this.index.recordEnded(id, { name: entry?.name, status });
    this.index.retire(id);
  }

  private statusOf(ref: JobRef): SchedulerStatus {
    const id = ref.schedulerId;
    const unknown: SchedulerStatus = {
      state: 'unknown',
      reason: 'the local runner has no such job',
      raw: '',
    };
    if (!isLocalJobId(id)) return unknown;
    const ended = this.index.ended(id);
    if (ended) {
      const owned = ended.name !== undefined ? ended.name === ref.name : this.index.ownerOf(ref.name) === id;
      return owned ? ended.status : unknown;
    }
    const read = this.index.read(id);
    if (read.kind === 'corrupt' && this.index.ownerOf(ref.name) === id) {
      this.finish(id, undefined, lostStatus('job-state-corrupt', read.reason));
      return this.index.ended(id)?.status ?? unknown;
    }
    if (read.kind !== 'ok' || read.entry.name !== ref.name) return unknown;
    const state = readLocalJobState(read.entry.stateDir);
    if (state.phase === 'ended') this.finish(id, read.entry, state.status);
    return state.status;
  }

  private claimOf(entry: LocalIndexEntry): ConcurrencyClaim {
    return entry.concurrency ?? { group: DEFAULT_GROUP, limit: this.maxConcurrent };
  }
}

function unreachable(error: unknown): SchedulerStatus {
  return { state: 'unreachable', reason: (error as Error).message, raw: '' };
}
