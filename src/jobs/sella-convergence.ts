import type { SellaStatusData } from '../orca/sella-status';
import { withCheckWarnings } from '../recovery/frequency-check';
import type { AttemptVerdict, SellaConvergence } from './types';

/** The check warning of a Sella optimisation that did not converge, e.g. `sella: NOT_CONVERGED`. */
export const sellaWarning = (status: string): string => `sella: ${status}`;

/**
 * The verdict of an attempt that Sella drove (its directory holds `sella_status.txt`): the status in
 * `properties.sella` and, unless Sella converged, a check warning saying how it ended.
 */
export function withSellaStatus(verdict: AttemptVerdict, status: SellaStatusData | null): AttemptVerdict {
  if (!status) return verdict;
  const sella: SellaConvergence = { status: status.status, converged: status.converged };
  if (status.steps !== null) sella.steps = status.steps;
  if (status.finalFmaxEvPerAngstrom !== null) sella.finalFmaxEvPerAngstrom = status.finalFmaxEvPerAngstrom;
  const withSella: AttemptVerdict = {
    ...verdict,
    metrics: { ...verdict.metrics, properties: { ...verdict.metrics?.properties, sella } },
  };
  return status.converged ? withSella : withCheckWarnings(withSella, [sellaWarning(status.status)]);
}
