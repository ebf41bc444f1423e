import * as path from 'node:path';
import type { EngineRole } from './engine-contract';

export function alRoot(dataRoot: string, alId: string): string {
  return path.join(dataRoot, 'active-learning', alId);
}

export type GenerationFiles = ReturnType<typeof generationFiles>;

/** Where each generation's files live; engines only ever see absolute paths from here. */
export function generationFiles(dataRoot: string, alId: string, generation: number) {
  const root = alRoot(dataRoot, alId);
  const gen = (n: number) => path.join(root, `gen-${n}`);
  const dir = gen(generation);
  return {
    root,
    dir,
    holdout: path.join(root, 'holdout.extxyz'),
    candidates: path.join(dir, 'generator', 'candidates.extxyz'),
    unlabelledHoldout: path.join(dir, 'generator', 'holdout.extxyz'),
    dataset: path.join(dir, 'label', 'dataset.extxyz'),
    labelled: path.join(dir, 'label', 'labelled.extxyz'),
    model: path.join(dir, 'trainer', 'model.json'),
    samples: path.join(dir, 'inference', 'samples.extxyz'),
    selected: path.join(dir, 'selector', 'selected.extxyz'),
    previousDataset: generation > 1 ? path.join(gen(generation - 1), 'label', 'dataset.extxyz') : undefined,
    previousSelected:
      generation > 1 ? path.join(gen(generation - 1), 'selector', 'selected.extxyz') : undefined,
    previousModel: generation > 1 ? path.join(gen(generation - 1), 'trainer', 'model.json') : undefined,
    engineDir: (role: EngineRole) => path.join(dir, role),
  };
}

/** What each role reads and writes (the file contract of `engine-contract.ts`). */
export function engineFiles(
  dataRoot: string,
  alId: string,
  generation: number,
  role: EngineRole,
): { inputs: Record<string, string>; outputs: Record<string, string> } {
  const f = generationFiles(dataRoot, alId, generation);
  const metrics = path.join(f.engineDir(role), 'metrics.json');
  switch (role) {
    case 'generator':
      return generation === 1
        ? { inputs: {}, outputs: { candidates: f.candidates, holdout: f.unlabelledHoldout, metrics } }
        : {
            inputs: { selection: f.previousSelected!, model: f.previousModel!, dataset: f.previousDataset! },
            outputs: { candidates: f.candidates, metrics },
          };
    case 'trainer':
      return { inputs: { dataset: f.dataset, holdout: f.holdout }, outputs: { model: f.model, metrics } };
    case 'inference':
      return { inputs: { model: f.model, dataset: f.dataset }, outputs: { samples: f.samples, metrics } };
    case 'selector':
      return {
        inputs: { samples: f.samples, dataset: f.dataset },
        outputs: { selected: f.selected, metrics },
      };
  }
}

/** The files of one engine run in its directory, besides its outputs. */
export function engineRunFiles(engineDir: string) {
  return {
    /** Written last, with the metrics: its presence means the run finished and is never redone. */
    done: path.join(engineDir, 'done.json'),
    request: path.join(engineDir, 'request.json'),
    /** stdout and stderr of an engine run by the worker. */
    log: path.join(engineDir, 'engine.log'),
  };
}
