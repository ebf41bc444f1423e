import { atomicNumber } from '../ingest/elements';

/**
 * Single-bond covalent radii in Ångström by atomic number (index + 1 = Z), rounded literature values
 * (high-spin radii for Mn–Co). Superheavy elements without data get 1.6 Å. The simulator only
 * needs them to place the minimum of each pair potential, so two decimals are plenty.
 */
// prettier-ignore
const COVALENT_RADII = [
  0.31, 0.28,
  1.28, 0.96, 0.84, 0.76, 0.71, 0.66, 0.57, 0.58,
  1.66, 1.41, 1.21, 1.11, 1.07, 1.05, 1.02, 1.06,
  2.03, 1.76, 1.70, 1.60, 1.53, 1.39, 1.61, 1.52, 1.50, 1.24, 1.32, 1.22, 1.22, 1.20, 1.19, 1.20, 1.20, 1.16,
  2.20, 1.95, 1.90, 1.75, 1.64, 1.54, 1.47, 1.46, 1.42, 1.39, 1.45, 1.44, 1.42, 1.39, 1.39, 1.38, 1.39, 1.40,
  2.44, 2.15,
  2.07, 2.04, 2.03, 2.01, 1.99, 1.98, 1.98, 1.96, 1.94, 1.92, 1.92, 1.89, 1.90, 1.87, 1.87,
  1.75, 1.70, 1.62, 1.51, 1.44, 1.41, 1.36, 1.36, 1.32, 1.45, 1.46, 1.48, 1.40, 1.50, 1.50,
  2.60, 2.21,
  2.15, 2.06, 2.00, 1.96, 1.90, 1.87, 1.80, 1.69, 1.68, 1.68, 1.65, 1.67, 1.73, 1.76, 1.61,
];

const FALLBACK_RADIUS = 1.6;

export function covalentRadius(element: string): number {
  const z = atomicNumber(element);
  if (z === undefined) throw new Error(`unknown element "${element}"`);
  return COVALENT_RADII[z - 1] ?? FALLBACK_RADIUS;
}

/** Row of the periodic table (1 for H and He … 7 for Fr–Og). */
export function periodOf(element: string): number {
  const z = atomicNumber(element);
  if (z === undefined) throw new Error(`unknown element "${element}"`);
  const lastOfPeriod = [2, 10, 18, 36, 54, 86, 118];
  return lastOfPeriod.findIndex((last) => z <= last) + 1;
}
