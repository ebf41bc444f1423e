import { z } from 'zod';
import {
  DEFAULT_COMMITTEE,
  formulaOf,
  predict,
  rmse,
  trainCommittee,
  type CommitteeModel,
} from '../committee';
import { roundPositions, type Structure } from '../extxyz';
import { distance, isSane, perturb, seedMolecules, SEED_MOLECULE_NAMES } from '../molecules';
import { SeededRandom } from '../random';
import type { EngineMetrics } from '../engine-contract';

/**
 * The built-in engine set (no external codes): a generator of perturbed small molecules, a trainer for
 * the ridge committee, Metropolis Monte Carlo driven by the committee as inference, and a selector of
 * the structures the committee disagrees on. Pure functions; `engine-cli.ts` does the file I/O.
 */

const HARTREE_PER_KELVIN = 3.166811563e-6;

export const generatorOptionsSchema = z.object({
  molecules: z
    .array(z.enum(SEED_MOLECULE_NAMES))
    .min(1)
    .default([...SEED_MOLECULE_NAMES]),
  /** Generation 1: structures per molecule near the minimum. */
  initialPerMolecule: z.number().int().min(1).default(4),
  initialSigma: z.number().min(0).default(0.04),
  /** Generation 1: held-out structures per molecule, labelled once, never trained on. */
  holdoutPerMolecule: z.number().int().min(0).default(8),
  holdoutSigmaMax: z.number().positive().default(0.08),
  /** Generation ≥ 2: fresh random structures added to the previous selection … */
  explorePerGeneration: z.number().int().min(0).default(0),
  /** … kept only when the previous model's committee spread exceeds this (Hartree); 0 keeps all. */
  prescreenThreshold: z.number().min(0).default(0),
});

export const trainerOptionsSchema = z.object({
  members: z.number().int().min(2).max(64).default(DEFAULT_COMMITTEE.members),
  lambda: z.number().positive().default(DEFAULT_COMMITTEE.lambda),
  priorScale: z.number().positive().default(DEFAULT_COMMITTEE.priorScale),
  /** Descriptor overrides (distances in Å). */
  descriptor: z
    .object({
      rMin: z.number().positive(),
      rMax: z.number().positive(),
      nBasis: z.number().int().min(1).max(200),
      width: z.number().positive(),
      cutoff: z.number().positive(),
    })
    .partial()
    .default({}),
  /** Simulates a slow (HPC) training job: wait this long before writing the model. */
  pauseSeconds: z.number().min(0).max(3600).default(0),
});

export const inferenceOptionsSchema = z.object({
  walkers: z.number().int().min(1).default(24),
  steps: z.number().int().min(1).default(300),
  /** Record every `stride`-th step. */
  stride: z.number().int().min(1).default(30),
  temperatureK: z.number().positive().default(2000),
  /** Monte Carlo trial move per coordinate, Å. */
  stepSigma: z.number().positive().default(0.02),
});

export const selectorOptionsSchema = z.object({
  /** Committee spread (Hartree) above which a structure counts as uncertain. */
  threshold: z.number().positive().default(0.005),
  maxSelected: z.number().int().min(1).default(16),
  /** Two structures whose sorted pair distances all agree within this (Å) are duplicates. */
  minSeparation: z.number().min(0).default(0.03),
});

export interface GeneratorResult {
  candidates: Structure[];
  holdout?: Structure[];
  metrics: EngineMetrics;
}

export function generate(input: {
  generation: number;
  seed: number;
  options: unknown;
  selection?: Structure[];
  model?: CommitteeModel;
}): GeneratorResult {
  const options = generatorOptionsSchema.parse(input.options);
  const random = new SeededRandom(input.seed);
  const seeds = seedMolecules();
  const make = (count: number, sigma: () => number, prefix: string): Structure[] => {
    const out: Structure[] = [];
    for (const name of options.molecules) {
      let made = 0;
      for (let tries = 0; made < count && tries < count * 50; tries++) {
        const s = roundPositions(perturb(seeds[name]!, sigma(), random));
        if (!isSane(s)) continue;
        made += 1;
        out.push({ ...s, info: { ...s.info, id: `${prefix}-${name}-${made}` } });
      }
    }
    return out;
  };
  if (input.generation === 1) {
    const candidates = make(options.initialPerMolecule, () => options.initialSigma, 'g1');
    const holdout = make(
      options.holdoutPerMolecule,
      () => 0.01 + random.next() * (options.holdoutSigmaMax - 0.01),
      'holdout',
    ).map((s) => ({ ...s, info: { ...s.info, split: 'holdout' } }));
    return {
      candidates,
      holdout,
      metrics: { candidates: candidates.length, holdout: holdout.length, explored: candidates.length },
    };
  }
  const selection = (input.selection ?? []).map((s) => ({ ...s, info: { ...s.info } }));
  let explored = make(
    options.explorePerGeneration,
    () => random.next() * options.holdoutSigmaMax,
    `g${input.generation}-x`,
  );
  const before = explored.length;
  if (input.model && options.prescreenThreshold > 0) {
    const model = input.model;
    explored = explored.filter((s) => predict(model, s).std > options.prescreenThreshold);
  }
  const candidates = [...selection, ...explored];
  return {
    candidates,
    metrics: {
      candidates: candidates.length,
      fromSelection: selection.length,
      explored: before,
      prescreenedOut: before - explored.length,
    },
  };
}

export function train(input: {
  seed: number;
  options: unknown;
  dataset: Structure[];
  holdout: Structure[];
}): { model: CommitteeModel; metrics: EngineMetrics } {
  const options = trainerOptionsSchema.parse(input.options);
  const model = trainCommittee(input.dataset, {
    ...DEFAULT_COMMITTEE,
    members: options.members,
    lambda: options.lambda,
    priorScale: options.priorScale,
    seed: input.seed,
    descriptor: { ...DEFAULT_COMMITTEE.descriptor, ...options.descriptor },
  });
  const metrics: EngineMetrics = {
    datasetSize: input.dataset.length,
    members: options.members,
    trainRmseEh: rmse(model, input.dataset),
    holdoutSize: input.holdout.length,
  };
  if (input.holdout.length > 0) {
    metrics.holdoutRmseEh = rmse(model, input.holdout);
    const spreads = input.holdout.map((s) => predict(model, s).std);
    metrics.holdoutMeanUncertaintyEh = spreads.reduce((a, b) => a + b, 0) / spreads.length;
  }
  return { model, metrics };
}

export function infer(input: {
  seed: number;
  options: unknown;
  model: CommitteeModel;
  dataset: Structure[];
  generation: number;
}): { samples: Structure[]; metrics: EngineMetrics } {
  const options = inferenceOptionsSchema.parse(input.options);
  const random = new SeededRandom(input.seed);
  const kT = HARTREE_PER_KELVIN * options.temperatureK;
  // start walkers round-robin over the molecule kinds in the dataset
  const byFormula = new Map<string, Structure[]>();
  for (const s of input.dataset) byFormula.set(formulaOf(s), [...(byFormula.get(formulaOf(s)) ?? []), s]);
  const kinds = [...byFormula.values()];
  if (kinds.length === 0) throw new Error('inference needs a non-empty dataset to start from');
  const samples: Structure[] = [];
  let accepted = 0;
  let trials = 0;
  for (let w = 0; w < options.walkers; w++) {
    const pool = kinds[w % kinds.length]!;
    let current: Structure = { ...random.pick(pool), info: {} };
    let energy = predict(input.model, current).energy;
    for (let step = 1; step <= options.steps; step++) {
      trials += 1;
      const trial = perturb(current, 0, random);
      const atom = random.integer(trial.species.length);
      trial.positions[atom] = trial.positions[atom]!.map((v) => v + options.stepSigma * random.normal()) as [
        number,
        number,
        number,
      ];
      if (isSane(trial)) {
        const trialEnergy = predict(input.model, trial).energy;
        if (trialEnergy <= energy || random.next() < Math.exp(-(trialEnergy - energy) / kT)) {
          current = trial;
          energy = trialEnergy;
          accepted += 1;
        }
      }
      if (step % options.stride === 0) {
        const frame = roundPositions(current);
        const prediction = predict(input.model, frame);
        samples.push({
          ...frame,
          info: {
            id: `g${input.generation}-w${w + 1}-s${step}`,
            molecule: String(pool[0]!.info.molecule ?? formulaOf(frame)),
            predictedEnergy: prediction.energy,
            uncertainty: prediction.std,
          },
        });
      }
    }
  }
  const spreads = samples.map((s) => s.info.uncertainty as number);
  const sorted = [...spreads].sort((a, b) => a - b);
  return {
    samples,
    metrics: {
      samples: samples.length,
      acceptance: trials ? accepted / trials : 0,
      maxUncertaintyEh: sorted[sorted.length - 1] ?? 0,
      meanUncertaintyEh: spreads.reduce((a, b) => a + b, 0) / Math.max(1, spreads.length),
      p90UncertaintyEh: sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0,
    },
  };
}

export function select(input: { options: unknown; samples: Structure[]; generation: number }): {
  selected: Structure[];
  metrics: EngineMetrics;
} {
  const options = selectorOptionsSchema.parse(input.options);
  const uncertain = input.samples
    .filter((s) => typeof s.info.uncertainty === 'number' && s.info.uncertainty > options.threshold)
    .sort((a, b) => (b.info.uncertainty as number) - (a.info.uncertainty as number));
  // most uncertain first, taking the molecule kinds in turn so one kind cannot crowd out the rest
  const queues = new Map<string, Structure[]>();
  for (const s of uncertain) queues.set(formulaOf(s), [...(queues.get(formulaOf(s)) ?? []), s]);
  const picked: Structure[] = [];
  while (picked.length < options.maxSelected && [...queues.values()].some((q) => q.length > 0)) {
    for (const queue of queues.values()) {
      if (picked.length >= options.maxSelected) break;
      let candidate = queue.shift();
      while (candidate && picked.some((p) => sameShape(p, candidate!, options.minSeparation)))
        candidate = queue.shift();
      if (candidate) picked.push(candidate);
    }
  }
  const selected = picked.map((s, i) => ({
    ...s,
    info: { ...s.info, id: `g${input.generation}-sel-${i + 1}`, sampledAs: String(s.info.id) },
  }));
  return {
    selected,
    metrics: {
      samples: input.samples.length,
      aboveThreshold: uncertain.length,
      selected: selected.length,
      threshold: options.threshold,
    },
  };
}

function sameShape(a: Structure, b: Structure, tolerance: number): boolean {
  if (formulaOf(a) !== formulaOf(b)) return false;
  const da = sortedDistances(a);
  const db = sortedDistances(b);
  return da.every((d, i) => Math.abs(d - db[i]!) <= tolerance);
}

function sortedDistances(s: Structure): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.positions.length; i++)
    for (let j = i + 1; j < s.positions.length; j++) out.push(distance(s.positions[i]!, s.positions[j]!));
  return out.sort((x, y) => x - y);
}
