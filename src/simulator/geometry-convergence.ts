import type { ConvergenceRow, ConvergenceTolerances } from './orca-format';
import { maxAbs, rms } from './optimizer';

/** ORCA's default (NormalOpt) geometry convergence tolerances. */
export const OPT_TOLERANCES: ConvergenceTolerances = {
  energy: 5e-6,
  rmsGradient: 1e-4,
  maxGradient: 3e-4,
  rmsStep: 2e-3,
  maxStep: 4e-3,
};

/** The rows of one geometry-convergence table; the first cycle has no energy change. */
export function convergenceRows(
  energyChange: number | undefined,
  gradient: Float64Array,
  step: Float64Array,
): ConvergenceRow[] {
  const row = (label: ConvergenceRow['label'], value: number, tolerance: number): ConvergenceRow => ({
    label,
    value,
    tolerance,
    converged: Math.abs(value) < tolerance,
  });
  return [
    ...(energyChange === undefined ? [] : [row('Energy change', energyChange, OPT_TOLERANCES.energy)]),
    row('RMS gradient', rms(gradient), OPT_TOLERANCES.rmsGradient),
    row('MAX gradient', maxAbs(gradient), OPT_TOLERANCES.maxGradient),
    row('RMS step', rms(step), OPT_TOLERANCES.rmsStep),
    row('MAX step', maxAbs(step), OPT_TOLERANCES.maxStep),
  ];
}

/** The simulator's convergence test: both gradient criteria met (the step criteria are only printed). */
export function gradientsConverged(rows: readonly ConvergenceRow[]): boolean {
  return rows.filter((row) => row.label.endsWith('gradient')).every((row) => row.converged);
}
