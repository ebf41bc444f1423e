import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ActiveLearningInput } from '../../src/active-learning/input';
import { parseExtxyz, type Structure } from '../../src/active-learning/extxyz';
import { evaluatePotential, toBohr } from '../../src/simulator/potential';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { ORCASIM } from '../campaign/support';

/** Engines and job scripts run the built code: refuse to start on a stale or missing build. */
export function assertBuilt(): void {
  for (const file of [
    'dist/active-learning/engine-cli.js',
    'dist/simulator/cli.js',
    'dist/workers/main.js',
  ]) {
    if (!existsSync(path.join(REPO_ROOT, file)))
      throw new Error(`${file} is missing: run \`npm run build\` (npm test does) before these tests`);
  }
  const bundle = path.join(REPO_ROOT, 'dist/workflow-bundle.js');
  if (!existsSync(bundle) || !readFileSync(bundle, 'utf8').includes('activeLearning'))
    throw new Error('dist/workflow-bundle.js has no activeLearning workflow: run `npm run build`');
}

export function alInput(overrides: Partial<ActiveLearningInput> = {}): ActiveLearningInput {
  return {
    maxGenerations: 3,
    seed: 42,
    label: {
      orca: {
        keywords: '! B3LYP def2-SVP',
        executable: ORCASIM,
        cores: 1,
        memoryMb: 1000,
        walltimeMinutes: 1,
      },
      scheduler: { kind: 'local', localConcurrency: 3 },
      recovery: { strategy: 'adaptive', maxAttempts: 2 },
      maxInFlight: 24,
      pollIntervalSeconds: 0.5,
      graceMinutes: 0.1,
    },
    ...overrides,
  };
}

export function readStructures(file: string): Structure[] {
  return parseExtxyz(readFileSync(file, 'utf8'));
}

/** The reference energy of a structure: the simulator's analytic potential. */
export function referenceEnergy(structure: Structure): number {
  const atoms = structure.positions.map(([x, y, z]) => ({ x, y, z }));
  return evaluatePotential({ elements: structure.species, coordinatesBohr: toBohr(atoms) }).energy;
}
