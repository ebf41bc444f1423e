import { generate, infer, select, train } from '../../../src/active-learning/engines/builtin';
import type { EngineMetrics } from '../../../src/active-learning/engine-contract';
import type { Structure } from '../../../src/active-learning/extxyz';
import { mixSeed } from '../../../src/active-learning/random';
import { label } from './support';

export interface LoopOptions {
  seed: number;
  maxGenerations: number;
  generator?: Record<string, unknown>;
  trainer?: Record<string, unknown>;
  inference?: Record<string, unknown>;
  selector?: Record<string, unknown>;
}

/** The workflow's loop in memory (same seeds, same engines), labels straight from the analytic potential. */
export function simulateLoop(options: LoopOptions): { metrics: EngineMetrics[]; stop: string } {
  const seed = (generation: number, role: number) => mixSeed(options.seed, generation, role);
  const first = generate({ generation: 1, seed: seed(1, 1), options: options.generator ?? {} });
  const holdout = (first.holdout ?? []).map(label);
  let dataset: Structure[] = [];
  let candidates = first.candidates;
  const metrics: EngineMetrics[] = [];
  for (let generation = 1; ; generation++) {
    dataset = [...dataset, ...candidates.map(label)];
    const trained = train({ seed: seed(generation, 2), options: options.trainer ?? {}, dataset, holdout });
    const inferred = infer({
      seed: seed(generation, 3),
      options: options.inference ?? {},
      model: trained.model,
      dataset,
      generation,
    });
    const picked = select({ options: options.selector ?? {}, samples: inferred.samples, generation });
    metrics.push({ ...trained.metrics, ...inferred.metrics, ...picked.metrics });
    if (picked.selected.length === 0) return { metrics, stop: 'converged' };
    if (generation >= options.maxGenerations) return { metrics, stop: 'max-generations' };
    candidates = generate({
      generation: generation + 1,
      seed: seed(generation + 1, 1),
      options: options.generator ?? {},
      selection: picked.selected,
      model: trained.model,
    }).candidates;
  }
}
