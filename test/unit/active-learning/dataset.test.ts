import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  assembleDataset,
  labelJobs,
  labelStructures,
  type LabelResult,
} from '../../../src/active-learning/dataset';
import { formatExtxyz, parseExtxyz, type Structure } from '../../../src/active-learning/extxyz';
import { readLabelJobs, writeGenerationDataset } from '../../../src/active-learning/label-files';
import { generationFiles } from '../../../src/active-learning/layout';

function structure(id: string, info: Structure['info'] = {}): Structure {
  return {
    species: ['O', 'H', 'C', 'H'],
    positions: [
      [0, 0, 0],
      [0, 0, 1],
      [1, 0, 0],
      [1, 1, 0],
    ],
    info: { id, ...info },
  };
}

const completed = (rowIndex: number, energy: number): LabelResult => ({
  rowIndex,
  status: 'completed',
  reason: null,
  finalEnergyEh: energy,
});

describe('label campaign structures and jobs', () => {
  it('lists candidates (split train unless set) before the hold-out set', () => {
    const merged = labelStructures(
      [structure('a'), structure('b', { split: 'custom' })],
      [structure('h', { split: 'train' })],
    );
    expect(merged.map((s) => [s.info.id, s.info.split])).toEqual([
      ['a', 'train'],
      ['b', 'custom'],
      ['h', 'holdout'],
    ]);
  });

  it('makes one job per structure: Hill-ordered elements, XYZ and the copied info keys', () => {
    const jobs = labelJobs([
      structure('a', { split: 'train', molecule: 'water', orcasim_fault: 'hang', energy: 1 }),
    ]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      rowIndex: 0,
      elements: ['C', 'H', 'O'],
      natoms: 4,
      extra: { structure_id: 'a', split: 'train', molecule: 'water', orcasim_fault: 'hang' },
    });
    expect(jobs[0]!.geometryXyz.split('\n').slice(0, 3)).toEqual(['4', 'a', expect.stringMatching(/^O\s/)]);
  });
});

describe('dataset assembly', () => {
  const structures = labelStructures([structure('a'), structure('b'), structure('c')], [structure('h')]);

  it('adds completed train labels to the previous dataset and keeps hold-out labels apart', () => {
    const previous = [structure('old', { energy: -1 })];
    const assembled = assembleDataset(structures, [completed(0, -10), completed(3, -13)], previous);
    expect(assembled.train.map((s) => [s.info.id, s.info.energy])).toEqual([['a', -10]]);
    expect(assembled.holdout.map((s) => [s.info.id, s.info.energy, s.info.split])).toEqual([
      ['h', -13, 'holdout'],
    ]);
    expect(assembled.dataset.map((s) => s.info.id)).toEqual(['old', 'a']);
    expect(assembled).toMatchObject({ total: 2, labelled: 2, failed: 0, failureReasons: {} });
  });

  it('counts failures by reason, status when there is none, no-energy for completed jobs without one', () => {
    const assembled = assembleDataset(
      structures,
      [
        { rowIndex: 0, status: 'failed', reason: 'scf-not-converged', finalEnergyEh: null },
        { rowIndex: 1, status: 'timeout', reason: null, finalEnergyEh: null },
        { rowIndex: 2, status: 'completed', reason: null, finalEnergyEh: null },
        { rowIndex: 3, status: 'failed', reason: 'scf-not-converged', finalEnergyEh: null },
      ],
      [],
    );
    expect(assembled.failureReasons).toEqual({ 'scf-not-converged': 2, timeout: 1, 'no-energy': 1 });
    expect(assembled).toMatchObject({ total: 4, labelled: 0, failed: 4, dataset: [], holdout: [] });
  });

  it('ignores results for rows that match no structure (but still counts them in the total)', () => {
    const assembled = assembleDataset(structures, [completed(0, -1), completed(9, -2)], []);
    expect(assembled.dataset).toHaveLength(1);
    expect(assembled).toMatchObject({ total: 2, labelled: 2, failed: 0 });
  });
});

describe('generation dataset files', () => {
  let dataRoot: string;
  beforeEach(() => {
    dataRoot = mkdtempSync(path.join(tmpdir(), 'al-dataset-'));
  });
  afterEach(() => rmSync(dataRoot, { recursive: true, force: true }));

  function writeStructures(file: string, frames: Structure[]): void {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, formatExtxyz(frames));
  }
  const ids = (file: string) => parseExtxyz(readFileSync(file, 'utf8')).map((s) => s.info.id);

  it('generation 1 labels the hold-out set too and fixes it for the loop', async () => {
    const f = generationFiles(dataRoot, 'loop', 1);
    writeStructures(f.candidates, [structure('a'), structure('b')]);
    writeStructures(f.unlabelledHoldout, [structure('h')]);
    expect((await readLabelJobs(f, 1)).map((j) => j.extra)).toEqual([
      { structure_id: 'a', split: 'train' },
      { structure_id: 'b', split: 'train' },
      { structure_id: 'h', split: 'holdout' },
    ]);
    const outcome = await writeGenerationDataset(f, 1, [
      completed(0, -1),
      { rowIndex: 1, status: 'failed', reason: 'crash', finalEnergyEh: null },
      completed(2, -3),
    ]);
    expect(outcome).toEqual({
      total: 3,
      labelled: 2,
      failed: 1,
      failureReasons: { crash: 1 },
      datasetSize: 1,
      holdoutSize: 1,
    });
    expect(ids(f.labelled)).toEqual(['a']);
    expect(ids(f.dataset)).toEqual(['a']);
    expect(ids(f.holdout)).toEqual(['h']);
  });

  it('later generations extend the previous dataset and leave the hold-out set alone', async () => {
    const g1 = generationFiles(dataRoot, 'loop', 1);
    writeStructures(g1.dataset, [structure('a', { energy: -1 })]);
    writeStructures(g1.holdout, [structure('h', { energy: -3 }), structure('i', { energy: -4 })]);
    const g2 = generationFiles(dataRoot, 'loop', 2);
    writeStructures(g2.candidates, [structure('c'), structure('d')]);
    // a generation-2 generator's hold-out file is not labelled
    writeStructures(g2.unlabelledHoldout, [structure('x')]);
    expect(await readLabelJobs(g2, 2)).toHaveLength(2);
    const outcome = await writeGenerationDataset(g2, 2, [completed(0, -5), completed(1, -6)]);
    expect(outcome).toMatchObject({ total: 2, labelled: 2, datasetSize: 3, holdoutSize: 2 });
    expect(ids(g2.labelled)).toEqual(['c', 'd']);
    expect(ids(g2.dataset)).toEqual(['a', 'c', 'd']);
    expect(ids(g1.holdout)).toEqual(['h', 'i']);
  });

  it('reports a hold-out size of 0 when the loop has none', async () => {
    const g2 = generationFiles(dataRoot, 'loop', 2);
    writeStructures(generationFiles(dataRoot, 'loop', 1).dataset, []);
    writeStructures(g2.candidates, [structure('c')]);
    expect(await writeGenerationDataset(g2, 2, [completed(0, -5)])).toMatchObject({
      datasetSize: 1,
      holdoutSize: 0,
    });
  });
});
