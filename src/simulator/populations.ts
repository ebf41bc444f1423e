import { atomicNumber } from '../ingest/elements';

/**
 * Deterministic stand-ins for Mulliken populations: they sum exactly to the total charge and to the
 * number of unpaired electrons, which is what consumers of these blocks can check.
 */

export function fakeMullikenCharges(elements: readonly string[], charge: number): number[] {
  const z = elements.map((e) => atomicNumber(e) ?? 0);
  const mean = z.reduce((a, b) => a + b, 0) / Math.max(1, z.length);
  return z.map((zi) => charge / z.length + (mean === 0 ? 0 : (0.08 * (mean - zi)) / mean));
}

/** Unpaired spin spread over atoms in proportion to Z², so metal centres carry most of it. */
export function fakeSpinPopulations(elements: readonly string[], multiplicity: number): number[] {
  const weights = elements.map((e) => (atomicNumber(e) ?? 0) ** 2);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total === 0 ? 0 : ((multiplicity - 1) * w) / total));
}
