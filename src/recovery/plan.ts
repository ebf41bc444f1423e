import type { OrcaSettings } from '../campaign/input';

/** Everything that may change from one attempt of a job to the next. */
export interface AttemptPlan {
  walltimeMinutes: number;
  cores: number;
  memoryMb: number;
  /** Added to the simple-input line, e.g. SlowConv. */
  extraKeywords: string[];
  scfMaxIter?: number;
  scfGuess?: string;
  /** Start from the last geometry the previous attempt wrote instead of the ingested one. */
  restartFromLastGeometry: boolean;
}

export interface Correction {
  handler: string;
  action: string;
  from?: string | number;
  to?: string | number;
}

export function initialPlan(orca: OrcaSettings): AttemptPlan {
  return {
    walltimeMinutes: orca.walltimeMinutes,
    cores: orca.cores,
    memoryMb: orca.memoryMb,
    extraKeywords: [],
    restartFromLastGeometry: false,
  };
}

/** ORCA's %maxcore is per process, in MB; leave a quarter of the job's memory as headroom. */
export function maxcorePerCoreMb(plan: Pick<AttemptPlan, 'memoryMb' | 'cores'>): number {
  return Math.max(100, Math.floor((plan.memoryMb * 0.75) / plan.cores));
}
