import type { ScfIteration } from './orca-format';

/**
 * Made-up but deterministic SCF iteration histories that end on a given energy, so the printed
 * tables look like a DIIS run: geometric convergence from above, or an oscillation that never settles.
 */

export function convergingScf(finalEnergy: number, cycles: number, startOffset: number): ScfIteration[] {
  const ratio = Math.pow(1e-9 / startOffset, 1 / Math.max(1, cycles - 1));
  const rows: ScfIteration[] = [];
  let previous = 0;
  for (let i = 0; i < cycles; i++) {
    const distance = i === cycles - 1 ? 0 : startOffset * Math.pow(ratio, i);
    const energy = finalEnergy + distance;
    const density = 1e-2 * Math.pow(ratio, i * 0.8);
    rows.push({
      energy,
      deltaE: i === 0 ? 0 : energy - previous,
      rmsDensityChange: density,
      maxDensityChange: 9 * density,
      diisError: 15 * density,
      damping: i < 3 ? 0.7 : 0,
    });
    previous = energy;
  }
  return rows;
}

/** Ends `finalOffset` Eh above `finalEnergy`, still oscillating with stalled density changes. */
export function stalledScf(finalEnergy: number, cycles: number, finalOffset = 2e-4): ScfIteration[] {
  const rows: ScfIteration[] = [];
  let previous = 0;
  for (let i = 0; i < cycles; i++) {
    const wobble = i === cycles - 1 ? 0 : 3e-4 * Math.sin(1.7 * i) * Math.exp(-i / 200);
    const energy = finalEnergy + finalOffset + wobble + (i < 5 ? 0.05 / (i + 1) : 0);
    const density = 2e-3 * (1 + 0.5 * Math.abs(Math.cos(0.9 * i)));
    rows.push({
      energy,
      deltaE: i === 0 ? 0 : energy - previous,
      rmsDensityChange: density,
      maxDensityChange: 12 * density,
      diisError: 4 * density,
      damping: 0.7,
    });
    previous = energy;
  }
  return rows;
}

/** How many SCF cycles a (converging) calculation takes: deterministic, a little irregular. */
export function scfCycleCount(
  natoms: number,
  electrons: number,
  geometryCycle: number,
  slowConv: boolean,
): number {
  const base =
    geometryCycle <= 1 ? 8 + ((natoms * 7 + electrons) % 9) : 4 + ((geometryCycle * 3 + natoms) % 5);
  return base + (slowConv ? 4 : 0);
}
