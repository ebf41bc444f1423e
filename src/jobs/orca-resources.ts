import { InvalidJobSpecError } from '../schedulers/errors';

/** Share of the job's memory given to ORCA's %maxcore; ORCA often exceeds %maxcore, hence headroom. */
export const MAXCORE_FRACTION = 0.75;
/** The least %maxcore ever written: below it ORCA cannot run even small jobs. */
export const MIN_MAXCORE_MB = 100;

/**
 * ORCA's %maxcore (MB per process): MAXCORE_FRACTION of the job's memory split over its cores, but at
 * least MIN_MAXCORE_MB. The one rule for job.inp and the job's ORCASTRATE_MAXCORE_MB.
 *
 * A small share is raised to the floor rather than refused: that is what every job.inp has carried,
 * and a job short of memory fails with a memory error that recovery answers (more memory, then fewer
 * ranks), while a refusal ends the job for good. Only a share below 1 MB is refused, as the scheduler
 * layer always did: that is a unit mistake (GB given as MB), not a tight budget.
 */
export function maxcoreMbPerCore(memoryMb: number, cores: number): number {
  if (!Number.isInteger(cores) || cores < 1) {
    throw new InvalidJobSpecError(`cores must be >= 1, got ${cores}`);
  }
  if (!Number.isFinite(memoryMb) || memoryMb <= 0) {
    throw new InvalidJobSpecError(`memoryMb must be positive, got ${memoryMb}`);
  }
  const share = Math.floor((memoryMb * MAXCORE_FRACTION) / cores);
  if (share < 1) throw new InvalidJobSpecError(`${memoryMb} MB is too little memory for ${cores} cores`);
  return Math.max(MIN_MAXCORE_MB, share);
}

/** The `%pal` and `%maxcore` lines of an ORCA input (no `%pal` for a serial run). */
export function orcaResourceLines(cores: number, memoryMb: number): string[] {
  const maxcore = `%maxcore ${maxcoreMbPerCore(memoryMb, cores)}`;
  return cores > 1 ? [`%pal nprocs ${cores} end`, maxcore] : [maxcore];
}

/** What a job script exports about ORCA's resources, for `JobSpec.env`. */
export function orcaJobEnvironment(memoryMb: number, cores: number): Record<string, string> {
  return { ORCASTRATE_MAXCORE_MB: String(maxcoreMbPerCore(memoryMb, cores)) };
}
