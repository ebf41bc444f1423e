import type { Structure } from './extxyz';

/**
 * Structural descriptors for the built-in trainer: per-element atom counts (they carry the large
 * atomic reference energies) followed, for every unordered element pair, by a smooth pair-distance
 * histogram — Gaussians on a grid of distances times a cosine cut-off. A linear model on these is a
 * learned pair potential.
 */
export interface DescriptorSpec {
  species: string[];
  /** Centre of the first and last Gaussian, Å. */
  rMin: number;
  rMax: number;
  nBasis: number;
  /** Gaussian width, Å. */
  width: number;
  /** Pairs beyond this distance contribute nothing, Å. */
  cutoff: number;
}

export const DEFAULT_DESCRIPTOR: DescriptorSpec = {
  species: ['H', 'C', 'N', 'O'],
  rMin: 0.4,
  rMax: 2.4,
  nBasis: 35,
  width: 0.06,
  cutoff: 2.6,
};

export function pairTypes(spec: DescriptorSpec): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < spec.species.length; i++)
    for (let j = i; j < spec.species.length; j++) pairs.push([spec.species[i]!, spec.species[j]!]);
  return pairs;
}

export function featureCount(spec: DescriptorSpec): number {
  return spec.species.length + pairTypes(spec).length * spec.nBasis;
}

/** Which features are atom counts (left unregularised by the trainer). */
export function isCountFeature(spec: DescriptorSpec, index: number): boolean {
  return index < spec.species.length;
}

export function featurize(structure: Structure, spec: DescriptorSpec): Float64Array {
  const features = new Float64Array(featureCount(spec));
  const speciesIndex = new Map(spec.species.map((s, i) => [s, i]));
  const indexes = structure.species.map((element) => {
    const index = speciesIndex.get(element);
    if (index === undefined)
      throw new Error(`element ${element} is not in the descriptor's species (${spec.species.join(', ')})`);
    return index;
  });
  for (const index of indexes) features[index] = features[index]! + 1;
  const nSpecies = spec.species.length;
  const step = spec.nBasis > 1 ? (spec.rMax - spec.rMin) / (spec.nBasis - 1) : 0;
  const n = structure.species.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = structure.positions[i]!;
      const b = structure.positions[j]!;
      const r = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
      if (r >= spec.cutoff) continue;
      const cut = 0.5 * (Math.cos((Math.PI * r) / spec.cutoff) + 1);
      const lo = Math.min(indexes[i]!, indexes[j]!);
      const hi = Math.max(indexes[i]!, indexes[j]!);
      // index of the unordered pair (lo, hi) in pairTypes order
      const pair = lo * nSpecies - (lo * (lo - 1)) / 2 + (hi - lo);
      const offset = nSpecies + pair * spec.nBasis;
      for (let k = 0; k < spec.nBasis; k++) {
        const x = (r - (spec.rMin + k * step)) / spec.width;
        if (Math.abs(x) > 6) continue;
        features[offset + k] = features[offset + k]! + cut * Math.exp(-0.5 * x * x);
      }
    }
  }
  return features;
}
