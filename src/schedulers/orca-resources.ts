import { InvalidJobSpecError } from './errors';

/** Share of the job's memory given to ORCA's %maxcore; ORCA often exceeds %maxcore, hence headroom. */
export const MAXCORE_FRACTION = 0.75;

/** ORCA's %maxcore: memory per core in MB, leaving ~25 % of the job's memory as headroom. */
export function maxcoreMbPerCore(memoryMb: number, cores: number): number {
  if (!Number.isInteger(cores) || cores < 1)
    throw new InvalidJobSpecError(`cores must be >= 1, got ${cores}`);
  if (!Number.isFinite(memoryMb) || memoryMb <= 0) {
    throw new InvalidJobSpecError(`memoryMb must be positive, got ${memoryMb}`);
  }
  const perCore = Math.floor((memoryMb * MAXCORE_FRACTION) / cores);
  if (perCore < 1) throw new InvalidJobSpecError(`${memoryMb} MB is too little memory for ${cores} cores`);
  return perCore;
}

/** The `%pal`/`%maxcore` block matching a job's cores and memory, for the ORCA input file. */
export function orcaResourceBlock(cores: number, memoryMb: number): string {
  return `%pal nprocs ${cores} end\n%maxcore ${maxcoreMbPerCore(memoryMb, cores)}\n`;
}
