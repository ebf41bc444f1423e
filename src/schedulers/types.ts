/** Normalised job state across SLURM, Flux and the local runner: the one list everyone uses. */
export const SCHEDULER_STATES = [
  'pending',
  'running',
  'completed',
  'failed',
  'cancelled',
  'timeout',
  'unknown',
] as const;
export type SchedulerState = (typeof SCHEDULER_STATES)[number];

/** States after which the scheduler will not run the job again. */
export const FINAL_SCHEDULER_STATES = ['completed', 'failed', 'cancelled', 'timeout'] as const;
export type FinalSchedulerState = (typeof FINAL_SCHEDULER_STATES)[number];

export function isFinalSchedulerState(state: string): state is FinalSchedulerState {
  return (FINAL_SCHEDULER_STATES as readonly string[]).includes(state);
}

/**
 * `unreachable` means the scheduler itself could not be asked (command missing, timed out, controller
 * down). It says nothing about the job and must never be treated as a job failure.
 */
export type SchedulerStatusState = SchedulerState | 'unreachable';

export const TERMINAL_STATES: ReadonlySet<SchedulerStatusState> = new Set(FINAL_SCHEDULER_STATES);

export interface SchedulerStatus {
  state: SchedulerStatusState;
  /** The job script's exit code, when the scheduler reports one. */
  exitCode?: number;
  /** Scheduler-specific explanation (SLURM reason, Flux exception, stderr of a failed command...). */
  reason?: string;
  /** The scheduler's own words for the state, e.g. `PENDING|JobHeldUser` or `INACTIVE|TIMEOUT`. */
  raw: string;
  /**
   * Set with state `failed` when the job was lost rather than ended: its directory or the runner's
   * state files vanished, are corrupt or cannot be written. Becomes the job's failure reason.
   */
  lost?: LostJobReason;
}

export const LOST_JOB_REASONS = [
  'job-dir-missing',
  'job-state-corrupt',
  'job-state-unwritable',
  'lost',
] as const;
export type LostJobReason = (typeof LOST_JOB_REASONS)[number];

export type SchedulerKind = 'slurm' | 'flux' | 'local';

/** A job the caller tracks. Results are matched back by id AND name: SLURM reuses ids after a purge. */
export interface JobRef {
  schedulerId: string;
  name: string;
}

export interface SubmitResult {
  schedulerId: string;
  /** True when an earlier submission of the same job name was found and returned instead. */
  reused: boolean;
}

export interface JobSpec {
  /** Deterministic scheduler job name: build it with `jobName()`. */
  name: string;
  /** Directory that must contain `workingDir` (symlinks resolved). */
  campaignRoot: string;
  /** The job directory, relative to `campaignRoot`; created by `submit` when missing. */
  workingDir: string;
  cores: number;
  /** Memory for the whole job, in MB. */
  memoryMb: number;
  walltimeSeconds: number;
  /** SLURM partition / Flux queue. */
  queue?: string;
  /** SLURM account / Flux bank. */
  account?: string;
  /**
   * Exported to the program by the job script; values may contain anything (they are quoted safely)
   * but are written into the script, so never put a secret here.
   */
  env?: Readonly<Record<string, string>>;
  /**
   * Names of variables the job takes from the worker's environment (values never written into the
   * script); an entry ending in `*` is a prefix. Jobs get only these, `BASE_JOB_ENV_NAMES` (PATH,
   * HOME, USER, LOGNAME, LANG, LC_ALL, TZ, TMPDIR) and `env`: nothing else of the worker's environment
   * reaches a job. Build it with `inheritEnvFor(settings.scheduler)` (exportEnv, exportModuleEnv).
   * SLURM/Flux read the values when the job is submitted; the local runner when it starts the job.
   */
  inheritEnv?: readonly string[];
  /**
   * Local runner only: at most `limit` jobs of `group` (e.g. the campaign) run at once; queued jobs of
   * other groups are not held back by it. Jobs without it share the runner's `maxConcurrent`.
   */
  localConcurrency?: { group: string; limit: number };
  /** argv of the program; argv[0] must be an absolute path (ORCA's MPI runs need the full path). */
  command: readonly string[];
  /** File (relative to the job directory) receiving the program's stdout, e.g. `job.out`. */
  outputFile: string;
  attempt: number;
  /**
   * When set, inputs are copied to a fresh directory under this path, the program runs there and
   * results are copied back to the job directory; the scratch directory is always removed.
   */
  scratchRoot?: string;
  /**
   * Completion hook: exports ORCASTRATE_REPORT_WORKFLOW_ID (and ORCASTRATE_BIN) so the script ends by
   * running `orcastrate report`. The hook also runs when those variables come from `env`.
   */
  report?: { workflowId: string; orcastrateBin?: string };
}

export interface SchedulerAdapter {
  readonly kind: SchedulerKind;
  /** The complete job script for `spec`; pure apart from resolving the job directory. */
  renderScript(spec: JobSpec): string;
  /** Idempotent: returns the job already submitted under `spec.name` (marker or scheduler) if any. */
  submit(spec: JobSpec): Promise<SubmitResult>;
  /** Jobs the scheduler knows under this exact name, newest first. Throws SchedulerUnreachableError. */
  findByName(name: string): Promise<JobRef[]>;
  /**
   * One status per asked ref (keyed by schedulerId). Never throws for scheduler outages: every job
   * is then reported `unreachable`.
   */
  statusMany(refs: readonly JobRef[]): Promise<Map<string, SchedulerStatus>>;
  /** Asks the scheduler to cancel; a job that already ended is not an error. */
  cancel(ref: JobRef): Promise<void>;
}
