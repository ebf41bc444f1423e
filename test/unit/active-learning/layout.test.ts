import * as path from 'node:path';
import { ENGINE_ROLES } from '../../../src/active-learning/engine-contract';
import { engineFiles, engineRunFiles, generationFiles } from '../../../src/active-learning/layout';

const root = '/data/active-learning/loop';

describe('active-learning file layout', () => {
  it('keeps each generation in its own directory, the labelled hold-out set once per loop', () => {
    const g2 = generationFiles('/data', 'loop', 2);
    expect(g2.dir).toBe(`${root}/gen-2`);
    expect(g2.holdout).toBe(`${root}/holdout.extxyz`);
    expect(g2.dataset).toBe(`${root}/gen-2/label/dataset.extxyz`);
    expect(g2.previousDataset).toBe(`${root}/gen-1/label/dataset.extxyz`);
    expect(g2.previousSelected).toBe(`${root}/gen-1/selector/selected.extxyz`);
    expect(g2.previousModel).toBe(`${root}/gen-1/trainer/model.json`);
    expect(g2.engineDir('trainer')).toBe(`${root}/gen-2/trainer`);
    const g1 = generationFiles('/data', 'loop', 1);
    expect([g1.previousDataset, g1.previousSelected, g1.previousModel]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('gives generation 1 a generator without inputs that also writes the hold-out set', () => {
    expect(engineFiles('/data', 'loop', 1, 'generator')).toEqual({
      inputs: {},
      outputs: {
        candidates: `${root}/gen-1/generator/candidates.extxyz`,
        holdout: `${root}/gen-1/generator/holdout.extxyz`,
        metrics: `${root}/gen-1/generator/metrics.json`,
      },
    });
  });

  it('feeds later generators the previous selection, model and dataset', () => {
    expect(engineFiles('/data', 'loop', 3, 'generator')).toEqual({
      inputs: {
        selection: `${root}/gen-2/selector/selected.extxyz`,
        model: `${root}/gen-2/trainer/model.json`,
        dataset: `${root}/gen-2/label/dataset.extxyz`,
      },
      outputs: {
        candidates: `${root}/gen-3/generator/candidates.extxyz`,
        metrics: `${root}/gen-3/generator/metrics.json`,
      },
    });
  });

  it('chains trainer → inference → selector within a generation', () => {
    const f = generationFiles('/data', 'loop', 2);
    const trainer = engineFiles('/data', 'loop', 2, 'trainer');
    const inference = engineFiles('/data', 'loop', 2, 'inference');
    const selector = engineFiles('/data', 'loop', 2, 'selector');
    expect(trainer.inputs).toEqual({ dataset: f.dataset, holdout: f.holdout });
    expect(inference.inputs).toEqual({ model: trainer.outputs.model, dataset: f.dataset });
    expect(selector.inputs).toEqual({ samples: inference.outputs.samples, dataset: f.dataset });
    expect(selector.outputs.selected).toBe(f.selected);
  });

  it('puts every role’s metrics and run files in its own directory', () => {
    for (const role of ENGINE_ROLES) {
      const dir = generationFiles('/data', 'loop', 2).engineDir(role);
      expect(path.dirname(engineFiles('/data', 'loop', 2, role).outputs.metrics!)).toBe(dir);
      expect(engineRunFiles(dir)).toEqual({
        done: `${dir}/done.json`,
        request: `${dir}/request.json`,
        log: `${dir}/engine.log`,
      });
    }
  });
});
