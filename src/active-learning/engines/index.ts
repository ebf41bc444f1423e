// The built-in engines (generator, trainer, inference, selector): the numerics behind engine-cli's file contract.
// Imports pure active-learning modules (committee, extxyz, molecules, random) and zod only: no Node, no Temporal.
export { generate, infer, select, train, type GeneratorResult } from './builtin';
