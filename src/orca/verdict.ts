import type { OutputFacts } from './output-facts';
import { DEFAULT_STALE_HOURS, type StalenessOptions, type Verdict } from './types';

const HOUR_MS = 3_600_000;

function toMillis(value: Date | number): number {
  return value instanceof Date ? value.getTime() : value;
}

function failed(reason: Verdict['reason'], detail: string, errorModule: string | null = null): Verdict {
  return { status: 'failed', reason, detail, errorModule };
}

export function unreadableVerdict(detail: string): Verdict {
  return failed('unreadable', detail);
}

/**
 * Termination verdict. Order matters: an explicit error termination names the failing module;
 * a non-converged SCF or optimization explains a later abort (and makes the energy untrustworthy
 * even when ORCA went on to terminate normally); an error line at the end only counts when ORCA
 * never reached its normal termination.
 */
export function decideVerdict(facts: OutputFacts, options: StalenessOptions = {}): Verdict {
  if (facts.unreadable !== null) return failed('unreadable', facts.unreadable);
  if (facts.errorTerminations > 0) {
    const module = facts.errorTerminationModule;
    return failed('error-termination', `ORCA finished by error termination in ${module ?? '?'}`, module);
  }
  if (facts.scfNotConvergedMarkers > 0) {
    const cycles = facts.scfNotConvergedCycles > 0 ? ` (${facts.scfNotConvergedCycles} cycles)` : '';
    return failed('scf-not-converged', `an SCF did not converge${cycles}; the energy is not trustworthy`);
  }
  if (facts.optimizationFailedMarkers > 0) {
    return failed(
      'opt-not-converged',
      'the optimization did not converge (maximum number of cycles reached)',
    );
  }
  if (facts.terminatedNormally && facts.jobsWithUnconvergedOptimization > 0) {
    return failed(
      'opt-not-converged',
      'ORCA terminated normally but a requested optimization never converged',
    );
  }
  if (facts.abortMarkers > 0) return failed('aborted', 'ORCA reported "aborting the run"');
  if (facts.terminatedNormally) {
    return {
      status: 'completed',
      reason: 'normal-termination',
      detail: 'ORCA TERMINATED NORMALLY',
      errorModule: null,
    };
  }
  if (facts.tailError !== null) return failed('error-in-tail', facts.tailError);
  return stalenessVerdict(options);
}

/** Verdict for an output without any terminal marker: running, or timeout once it is stale. */
export function stalenessVerdict(options: StalenessOptions): Verdict {
  const staleHours = options.staleHours ?? DEFAULT_STALE_HOURS;
  if (options.mtime === undefined) {
    return { status: 'running', reason: 'in-progress', detail: 'no terminal marker yet', errorModule: null };
  }
  const now = options.now === undefined ? Date.now() : toMillis(options.now);
  const ageHours = (now - toMillis(options.mtime)) / HOUR_MS;
  const age = `${ageHours.toFixed(2)} h since last modification`;
  if (ageHours > staleHours) {
    return {
      status: 'timeout',
      reason: 'stale-output',
      detail: `no terminal marker and ${age} (cutoff ${staleHours} h)`,
      errorModule: null,
    };
  }
  return {
    status: 'running',
    reason: 'in-progress',
    detail: `no terminal marker yet, ${age}`,
    errorModule: null,
  };
}
