import type { GenerationRecord } from '../../../src/active-learning/input';
import { resumableGenerations } from '../../../src/active-learning/resume';

function record(generation: number): GenerationRecord {
  return {
    generation,
    labelCampaignId: `loop.gen-${generation}.label`,
    labelTotal: 1,
    labelled: 1,
    labelFailed: 0,
    failureReasons: {},
    datasetSize: generation,
    holdoutSize: 1,
    trainRmseEh: null,
    holdoutRmseEh: null,
    maxUncertaintyEh: null,
    meanUncertaintyEh: null,
    samples: 0,
    selected: 0,
  };
}

describe('resuming a loop', () => {
  it('keeps only the gap-free run of finished generations from generation 1', () => {
    const gens = (records: GenerationRecord[]) => resumableGenerations(records).map((r) => r.generation);
    expect(gens([1, 2, 3].map(record))).toEqual([1, 2, 3]);
    expect(gens([1, 2, 4, 5].map(record))).toEqual([1, 2]);
    expect(gens([2, 3].map(record))).toEqual([]);
    expect(gens([])).toEqual([]);
  });
});
