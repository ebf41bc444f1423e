import {
  DEFAULT_DESCRIPTOR,
  featureCount,
  featurize,
  isCountFeature,
  type DescriptorSpec,
} from './descriptors';
import type { Structure } from './extxyz';
import { dot, solveSpd } from './linear-algebra';
import { SeededRandom } from './random';

/**
 * The built-in potential: a committee of ridge regressions on pair-distance descriptors. Each member
 * is fitted on a bootstrap resample (drawn within each composition, so every member sees every
 * molecule kind) and shrunk towards its own random prior weights instead of zero: where the data
 * pins a weight down the members agree, where no data reaches (unseen distances) their priors differ,
 * so the committee's spread is a usable extrapolation grade.
 */
export interface CommitteeOptions {
  members: number;
  /** Ridge penalty on the pair-histogram weights. */
  lambda: number;
  /** Standard deviation of each member's prior weights, Hartree. */
  priorScale: number;
  seed: number;
  descriptor: DescriptorSpec;
  /** false fits every member on all the data (only the priors differ). */
  bootstrap?: boolean;
}

export const DEFAULT_COMMITTEE: CommitteeOptions = {
  members: 6,
  lambda: 1e-5,
  priorScale: 0.05,
  seed: 1,
  descriptor: DEFAULT_DESCRIPTOR,
};

export interface CommitteeModel {
  kind: 'orcastrate-ridge-committee';
  version: 1;
  descriptor: DescriptorSpec;
  options: Omit<CommitteeOptions, 'descriptor'>;
  trainedOn: number;
  /** Per-element reference energies (Hartree), fitted first by least squares on atom counts. */
  elementEnergies: number[];
  /** Pair-histogram weights fitted on all the data (no prior): the model's prediction. */
  central: number[];
  /** Pair-histogram weights of each member (bootstrap + own prior): their spread is the uncertainty. */
  members: number[][];
}

export interface Prediction {
  /** Committee mean, Hartree. */
  energy: number;
  /** Committee standard deviation, Hartree. */
  std: number;
}

const COUNT_PENALTY = 1e-8;

export function energyOf(structure: Structure): number {
  const energy = structure.info.energy;
  if (typeof energy !== 'number' || !Number.isFinite(energy))
    throw new Error(`structure ${String(structure.info.id ?? '?')} has no numeric energy`);
  return energy;
}

export function formulaOf(structure: Structure): string {
  const counts = new Map<string, number>();
  for (const element of structure.species) counts.set(element, (counts.get(element) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([element, n]) => `${element}${n}`)
    .join('');
}

export function trainCommittee(structures: readonly Structure[], options: CommitteeOptions): CommitteeModel {
  if (structures.length === 0) throw new Error('cannot train on an empty dataset');
  const spec = options.descriptor;
  const p = featureCount(spec);
  const features = structures.map((s) => featurize(s, spec));
  const elementEnergies = fitElementEnergies(features, structures.map(energyOf), spec.species.length);
  const targets = structures.map(
    (s, i) => energyOf(s) - dot(features[i]!.subarray(0, spec.species.length), elementEnergies),
  );
  const groups = new Map<string, number[]>();
  structures.forEach((s, i) => {
    const key = formulaOf(s);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const random = new SeededRandom(options.seed);
  const members: number[][] = [];
  for (let m = 0; m < options.members; m++) {
    const sample: number[] = [];
    for (const indexes of groups.values())
      for (let k = 0; k < indexes.length; k++)
        sample.push(options.bootstrap === false ? indexes[k]! : indexes[random.integer(indexes.length)]!);
    const prior = Array.from({ length: p }, (_, j) =>
      isCountFeature(spec, j) ? 0 : options.priorScale * random.normal(),
    );
    members.push(fitRidge(sample, features, targets, prior, spec, options.lambda));
  }
  const central = fitRidge(
    structures.map((_, i) => i),
    features,
    targets,
    new Array<number>(p).fill(0),
    spec,
    options.lambda,
  );
  const { descriptor: _descriptor, ...rest } = options;
  return {
    kind: 'orcastrate-ridge-committee',
    version: 1,
    descriptor: spec,
    options: rest,
    trainedOn: structures.length,
    elementEnergies,
    central,
    members,
  };
}

/** Least squares of the energies on atom counts (a tiny ridge keeps absent elements at zero). */
function fitElementEnergies(
  features: readonly Float64Array[],
  energies: readonly number[],
  k: number,
): number[] {
  const gram = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  features.forEach((x, i) => {
    for (let a = 0; a < k; a++) {
      rhs[a] = rhs[a]! + x[a]! * energies[i]!;
      for (let b = 0; b < k; b++) gram[a * k + b] = gram[a * k + b]! + x[a]! * x[b]!;
    }
  });
  for (let a = 0; a < k; a++) gram[a * k + a] = gram[a * k + a]! + COUNT_PENALTY;
  return Array.from(solveSpd(gram, rhs, k));
}

/**
 * argmin ||y − Xw||² + λ||w − prior||² over the pair-histogram block of the features (the counts are
 * the element energies' job):  (XᵀX + λI) w = Xᵀy + λ prior. Returns full-length weights, counts zero.
 */
function fitRidge(
  sample: readonly number[],
  features: readonly Float64Array[],
  targets: readonly number[],
  prior: readonly number[],
  spec: DescriptorSpec,
  lambda: number,
): number[] {
  const k = spec.species.length;
  const p = featureCount(spec) - k;
  const gram = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (const i of sample) {
    const x = features[i]!.subarray(k);
    const y = targets[i]!;
    for (let a = 0; a < p; a++) {
      const xa = x[a]!;
      if (xa === 0) continue;
      rhs[a] = rhs[a]! + xa * y;
      for (let b = 0; b < p; b++) gram[a * p + b] = gram[a * p + b]! + xa * x[b]!;
    }
  }
  for (let j = 0; j < p; j++) {
    gram[j * p + j] = gram[j * p + j]! + lambda;
    rhs[j] = rhs[j]! + lambda * prior[k + j]!;
  }
  return [...new Array<number>(k).fill(0), ...solveSpd(gram, rhs, p)];
}

export function predict(model: CommitteeModel, structure: Structure): Prediction {
  const x = featurize(structure, model.descriptor);
  const base = dot(x.subarray(0, model.elementEnergies.length), model.elementEnergies);
  const values = model.members.map((w) => dot(x, w));
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { energy: base + dot(x, model.central), std: Math.sqrt(variance) };
}

/** Root-mean-square error of the committee mean against the structures' energies, Hartree. */
export function rmse(model: CommitteeModel, structures: readonly Structure[]): number {
  if (structures.length === 0) return Number.NaN;
  const sum = structures.reduce((a, s) => a + (predict(model, s).energy - energyOf(s)) ** 2, 0);
  return Math.sqrt(sum / structures.length);
}

export function isCommitteeModel(value: unknown): value is CommitteeModel {
  const v = value as Partial<CommitteeModel> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kind === 'orcastrate-ridge-committee' &&
    Array.isArray(v.members) &&
    typeof v.descriptor === 'object'
  );
}
