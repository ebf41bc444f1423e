import { z } from 'zod';

/**
 * The file contract between the active-learning loop and its engines. An engine is any command; it is
 * run as `<command…> <request.json>` in its own directory and must write every file named in
 * `outputs` (extxyz for structures, JSON for models) plus `outputs.metrics`: a flat JSON object of
 * numbers. Paths are absolute. Exit code 0 means success.
 *
 * | role      | inputs                                   | outputs (besides metrics)         |
 * | --------- | ---------------------------------------- | --------------------------------- |
 * | generator | selection?, model?, dataset? (gen ≥ 2)   | candidates, holdout? (generation 1) |
 * | trainer   | dataset, holdout                         | model                             |
 * | inference | model, dataset                           | samples (info: uncertainty)       |
 * | selector  | samples, dataset                         | selected                          |
 */
export const ENGINE_ROLES = ['generator', 'trainer', 'inference', 'selector'] as const;
export type EngineRole = (typeof ENGINE_ROLES)[number];

export const engineRequestSchema = z.object({
  role: z.enum(ENGINE_ROLES),
  alId: z.string().min(1),
  generation: z.number().int().min(1),
  /** Deterministic per (loop, generation, role): a rerun writes the same files. */
  seed: z.number().int().min(0),
  inputs: z.record(z.string(), z.string().min(1)),
  outputs: z.record(z.string(), z.string().min(1)),
  options: z.record(z.string(), z.unknown()).default({}),
});
export type EngineRequest = z.output<typeof engineRequestSchema>;

export const engineMetricsSchema = z.record(z.string(), z.number());
export type EngineMetrics = z.output<typeof engineMetricsSchema>;
