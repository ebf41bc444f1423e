// Scheduler layer: hands generic jobs (script, resources, environment) to SLURM, Flux or the local runner.
// Imports only Node built-ins and its own files; never Temporal, activities, client, workflows or db.

/**
 * Plugins: each adapter extends `ScriptSubmitAdapter` (submit-flow.ts), which owns validate → job
 * directory → marker / name lookup → write script → submit → marker; the adapter supplies its script
 * header, the submit command and the id it prints, findByName, statusMany and cancel.
 *
 * Error contract:
 * - `statusMany` never throws for scheduler outages: every asked job whose scheduler could not be
 *   asked comes back as `{ state: 'unreachable' }` (never to be read as a job failure). Jobs the
 *   scheduler does not know (under that id AND name) come back `unknown`.
 * - `submit`, `findByName` and `cancel` throw `SchedulerUnreachableError` when the scheduler cannot be
 *   asked (retry later), `InvalidJobSpecError` for unsafe specs/paths. `submit` never submits blind:
 *   if the name lookup fails, nothing is submitted.
 * - `submit` throws `SubmitRejectedError` (a `SchedulerCommandError`) when the scheduler judged the job
 *   and refused it (invalid partition/queue, resources it can never grant, unknown option): retrying
 *   cannot help; `schedulerMessage` holds its words. Outages, overload and submit-count limits are
 *   `SchedulerUnreachableError`. An error report matching neither is a rejection (see submit-failure.ts).
 *   A plain `SchedulerCommandError` remains only for output nobody can interpret (no job id printed).
 * - Local runner: a job whose directory or state files vanished, are garbled or cannot be written ends
 *   `failed` with `lost` set and the path in `reason`; it never affects other jobs.
 *
 * Environment: jobs and scheduler commands never inherit the worker's environment. They get
 * `BASE_JOB_ENV_NAMES`, the job's `inheritEnv` (build it with `inheritEnvFor(settings.scheduler)`)
 * and, for commands, SLURM_CONF / FLUX_URI and the adapter's `env` option (job-environment.ts).
 *
 * Files in a job directory: `orcastrate-<name>.sh` (script), `orcastrate-<name>.log` (scheduler
 * stdout/stderr), `.orcastrate-submitted.<name>.json` (submission marker), and for the local runner
 * `.orcastrate-local/<id>/` (pid, started, job-pgid, exit, cancel-requested).
 */
import { FluxAdapter, type FluxOptions } from './flux';
import { LocalRunner, type LocalOptions } from './local';
import { SlurmAdapter, type SlurmOptions } from './slurm';
import type { SchedulerAdapter, SchedulerKind } from './types';

export type {
  JobRef,
  JobSpec,
  SchedulerAdapter,
  SchedulerKind,
  SchedulerState,
  SchedulerStatus,
  SchedulerStatusState,
  SubmitResult,
  LostJobReason,
} from './types';
export {
  FINAL_SCHEDULER_STATES,
  isFinalSchedulerState,
  LOST_JOB_REASONS,
  SCHEDULER_STATES,
  TERMINAL_STATES,
  type FinalSchedulerState,
} from './types';
export {
  InvalidJobSpecError,
  SchedulerCommandError,
  SchedulerUnreachableError,
  SubmitRejectedError,
} from './errors';
export { CommandRunner, type CommandOptions, type CommandResult } from './command-runner';
export {
  BASE_JOB_ENV_NAMES,
  MODULE_SYSTEM_VARIABLES,
  inheritEnvFor,
  jobEnvironment,
} from './job-environment';
export { jobName, isValidJobName, type JobNameParts } from './job-name';
export { resolveJobDir, ensureJobDir } from './path-safety';
export { shellQuote } from './shell-quote';
export { markerPath, readMarker, type SubmissionMarker } from './marker';
export { scriptFileName, schedulerLogFileName, validateJobSpec } from './job-spec';
export { SlurmAdapter, DEFAULT_STATUS_CHUNK_SIZE, type SlurmOptions } from './slurm';
export { FluxAdapter, DEFAULT_FLUX_CHUNK_SIZE, type FluxOptions } from './flux';
export { LocalRunner, type LocalOptions } from './local';
export { ScriptSubmitAdapter, type WrittenJob } from './submit-flow';

export interface SchedulerOptionsByKind {
  slurm: SlurmOptions;
  flux: FluxOptions;
  local: LocalOptions;
}

export function createScheduler<K extends SchedulerKind>(
  kind: K,
  options: SchedulerOptionsByKind[K],
): SchedulerAdapter {
  switch (kind) {
    case 'slurm':
      return new SlurmAdapter(options);
    case 'flux':
      return new FluxAdapter(options);
    case 'local':
      return new LocalRunner(options as LocalOptions);
    default:
      throw new Error(`unknown scheduler kind ${String(kind)}`);
  }
}
