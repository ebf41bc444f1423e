// Active learning: the generation loop's pure parts (settings, datasets, committee, extxyz) and its engine runner.
// Imports cores (campaign, ingest, jobs, schedulers) and src/paths, no Temporal/db; workflows import input.ts directly.
export * from './input';
export {
  ENGINE_ROLES,
  engineMetricsSchema,
  engineRequestSchema,
  type EngineMetrics,
  type EngineRole,
} from './engine-contract';
export { EngineError, type EngineFailureType } from './engine-errors';
export { runEngineStep, type EngineOutcome, type EngineStep, type EngineStepContext } from './run-engine';
export { readLabelJobs, writeGenerationDataset, type LabelOutcome } from './label-files';
export { alRoot, engineFiles, engineRunFiles, generationFiles } from './layout';
export { resumableGenerations } from './resume';
