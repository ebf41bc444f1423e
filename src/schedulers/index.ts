/**
 * Scheduler layer: one interface (`SchedulerAdapter`) over SLURM, Flux and the embedded local runner.
 * Plain async code, no Temporal imports; activities wrap it.
 *
 * Error contract:
 * - `statusMany` never throws for scheduler outages: every asked job whose scheduler could not be
 *   asked comes back as `{ state: 'unreachable' }` (never to be read as a job failure). Jobs the
 *   scheduler does not know (under that id AND name) come back `unknown`.
 * - `submit`, `findByName` and `cancel` throw `SchedulerUnreachableError` when the scheduler cannot be
 *   asked, `SchedulerCommandError` when it refuses, `InvalidJobSpecError` for unsafe specs/paths.
 *   `submit` never submits blind: if the name lookup fails, nothing is submitted.
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
export { TERMINAL_STATES, LOST_JOB_REASONS } from './types';
export {
  InvalidJobSpecError,
  SchedulerCommandError,
  SchedulerUnreachableError,
  SubmitRejectedError,
} from './errors';
export { CommandRunner, type CommandOptions, type CommandResult } from './command-runner';
export { jobName, isValidJobName, type JobNameParts } from './job-name';
export { resolveJobDir, ensureJobDir } from './path-safety';
export { shellQuote } from './shell-quote';
export { maxcoreMbPerCore, orcaResourceBlock, MAXCORE_FRACTION } from './orca-resources';
export { markerPath, readMarker, type SubmissionMarker } from './marker';
export { scriptFileName, schedulerLogFileName, validateJobSpec } from './job-spec';
export { SlurmAdapter, DEFAULT_STATUS_CHUNK_SIZE, type SlurmOptions } from './slurm';
export { FluxAdapter, DEFAULT_FLUX_CHUNK_SIZE, type FluxOptions } from './flux';
export { LocalRunner, type LocalOptions } from './local';

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
