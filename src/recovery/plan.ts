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
  /** An operator's replacement for the campaign's simple-input line. */
  keywords?: string;
  /** ORCA input blocks an operator added (e.g. "%scf MaxIter 500 end"). */
  blocks?: string[];
  /**
   * A re-optimisation started from attempt `fromAttempt`'s geometry displaced along its normal mode of
   * `frequencyCm1`; kept in later plans, so a job gets one such re-optimisation at most.
   */
  displacement?: { fromAttempt: number; frequencyCm1: number; amplitudeAngstrom: number };
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
