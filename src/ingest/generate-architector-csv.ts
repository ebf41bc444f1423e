import type { ElementSymbol } from './elements';
import type { Atom } from './geometry';
import { buildComplex, type CoordinationGeometry, type LigandName } from './synthetic-complexes';

/** Quotes a CSV field when RFC 4180 requires it. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header-less `El x y z` lines, the way Architector's `aligned_csd_core` column holds them. */
export function bareGeometryLines(atoms: readonly Atom[]): string {
  return atoms.map((a) => `${a.element} ${a.x.toFixed(6)} ${a.y.toFixed(6)} ${a.z.toFixed(6)}`).join('\n');
}

interface MetalState {
  metal: ElementSymbol;
  oxidationState: number;
  unpairedElectrons: readonly number[];
  geometries: readonly CoordinationGeometry[];
}

const METAL_STATES: readonly MetalState[] = [
  { metal: 'Ti', oxidationState: 4, unpairedElectrons: [0], geometries: ['octahedral', 'tetrahedral'] },
  { metal: 'V', oxidationState: 3, unpairedElectrons: [2], geometries: ['octahedral'] },
  { metal: 'Cr', oxidationState: 3, unpairedElectrons: [3], geometries: ['octahedral'] },
  { metal: 'Mn', oxidationState: 2, unpairedElectrons: [5, 1], geometries: ['octahedral', 'tetrahedral'] },
  { metal: 'Fe', oxidationState: 2, unpairedElectrons: [4, 0], geometries: ['octahedral'] },
  { metal: 'Fe', oxidationState: 3, unpairedElectrons: [5, 1], geometries: ['octahedral', 'tetrahedral'] },
  { metal: 'Co', oxidationState: 2, unpairedElectrons: [3, 1], geometries: ['octahedral', 'tetrahedral'] },
  { metal: 'Co', oxidationState: 3, unpairedElectrons: [0], geometries: ['octahedral'] },
  { metal: 'Ni', oxidationState: 2, unpairedElectrons: [2], geometries: ['octahedral', 'tetrahedral'] },
  { metal: 'Ni', oxidationState: 2, unpairedElectrons: [0], geometries: ['squarePlanar'] },
  { metal: 'Cu', oxidationState: 2, unpairedElectrons: [1], geometries: ['squarePlanar', 'octahedral'] },
  { metal: 'Zn', oxidationState: 2, unpairedElectrons: [0], geometries: ['tetrahedral', 'octahedral'] },
  { metal: 'Ru', oxidationState: 2, unpairedElectrons: [0], geometries: ['octahedral'] },
  { metal: 'Pd', oxidationState: 2, unpairedElectrons: [0], geometries: ['squarePlanar'] },
  { metal: 'Pt', oxidationState: 2, unpairedElectrons: [0], geometries: ['squarePlanar'] },
];

const LIGAND_CHOICES: readonly LigandName[] = ['water', 'ammonia', 'chloride', 'carbonyl', 'cyanide'];

const COORDINATION_NUMBER: Record<CoordinationGeometry, number> = {
  octahedral: 6,
  squarePlanar: 4,
  tetrahedral: 4,
};

/** Small deterministic PRNG (xorshift32) so benches are reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

export interface GenerateCsvOptions {
  /** Fraction of rows (0–1) made deliberately invalid, cycling through several kinds of problem. */
  badRowFraction?: number;
  /** Largest random displacement of each coordinate, in Ångström (default 0.05). */
  jitter?: number;
}

export const GENERATED_CSV_COLUMNS = ['name', 'metal', 'aligned_csd_core', 'charge', 'uhf', 'orcasim_fault'];

/**
 * Yields an Architector-like CSV (default-preset columns) one line at a time: header first, then
 * `n` rows of random mononuclear complexes. Wrap in `Readable.from` to feed `ingestRows`.
 */
export function* generateArchitectorCsv(
  n: number,
  seed: number,
  options: GenerateCsvOptions = {},
): Generator<string> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const jitter = options.jitter ?? 0.05;
  const badEvery = options.badRowFraction ? Math.max(1, Math.round(1 / options.badRowFraction)) : 0;
  yield GENERATED_CSV_COLUMNS.join(',') + '\n';
  for (let row = 0; row < n; row++) {
    const state = pick(METAL_STATES);
    const geometry = pick(state.geometries);
    const ligands = Array.from({ length: COORDINATION_NUMBER[geometry] }, () => pick(LIGAND_CHOICES));
    const complex = buildComplex(state.metal, geometry, ligands);
    const atoms = complex.atoms.map((atom) => ({
      ...atom,
      x: atom.x + (random() * 2 - 1) * jitter,
      y: atom.y + (random() * 2 - 1) * jitter,
      z: atom.z + (random() * 2 - 1) * jitter,
    }));
    let geometryText = bareGeometryLines(atoms);
    let charge: string | number = state.oxidationState + complex.ligandCharge;
    let uhf = pick(state.unpairedElectrons);
    if (badEvery > 0 && row % badEvery === badEvery - 1) {
      switch (Math.floor(row / badEvery) % 4) {
        case 0:
          uhf += 1; // wrong parity for the electron count
          break;
        case 1:
          geometryText = geometryText.replace(state.metal, 'Xx');
          break;
        case 2:
          charge = '';
          break;
        default:
          charge = `${charge}.5`;
      }
    }
    const name = `${state.metal}${ligands.length}-${row}`;
    yield [name, state.metal, geometryText, charge, uhf, ''].map(csvField).join(',') + '\n';
  }
}
