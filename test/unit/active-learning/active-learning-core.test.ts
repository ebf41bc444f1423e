import { predict, trainCommittee, DEFAULT_COMMITTEE } from '../../../src/active-learning/committee';
import { generate } from '../../../src/active-learning/engines/builtin';
import { formatExtxyz, parseExtxyz, type Structure } from '../../../src/active-learning/extxyz';
import { parseActiveLearningInput } from '../../../src/active-learning/input';
import { simulateLoop } from './simulate';
import { label } from './support';

describe('extxyz', () => {
  it('round-trips structures with typed and quoted info values', () => {
    const frames: Structure[] = [
      {
        species: ['O', 'H', 'H'],
        positions: [
          [0, 0, 0.1173],
          [0, 0.7572, -0.4692],
          [0, -0.7572, -0.4692],
        ],
        info: { id: 'w-1', energy: -76.25, split: 'train', note: 'two words "quoted"', flag: true },
      },
      { species: ['H'], positions: [[1, 2, 3]], info: {} },
    ];
    const text = formatExtxyz(frames);
    expect(text.split('\n')[1]).toMatch(/^Properties=species:S:1:pos:R:3 id=w-1 energy=-76.25/);
    expect(parseExtxyz(text)).toEqual(frames);
  });

  it('reads files with extra per-atom columns and rejects broken frames', () => {
    const text =
      '1\nProperties=species:S:1:pos:R:3:forces:R:3 energy=-0.5 pbc="F F F"\nH 1 2 3 0.1 0.2 0.3\n';
    expect(parseExtxyz(text)).toEqual([
      { species: ['H'], positions: [[1, 2, 3]], info: { energy: -0.5, pbc: 'F F F' } },
    ]);
    expect(() => parseExtxyz('2\nenergy=1\nH 0 0 0\n')).toThrow(/line 4: expected 4 columns/);
  });
});

describe('ridge committee', () => {
  it('fits the analytic potential it is trained on and is unsure far from its data', () => {
    const g = generate({
      generation: 1,
      seed: 9,
      options: { initialPerMolecule: 12, holdoutPerMolecule: 4 },
    });
    const data = g.candidates.map(label);
    const model = trainCommittee(data, { ...DEFAULT_COMMITTEE, seed: 3 });
    const inData = data.map((s) => Math.abs(predict(model, s).energy - (s.info.energy as number)));
    expect(Math.max(...inData)).toBeLessThan(1e-3);
    const water = data.find((s) => s.info.molecule === 'water')!;
    const squeezed: Structure = {
      ...water,
      positions: water.positions.map((p, i) => (i === 1 ? (p.map((v) => v * 0.8) as typeof p) : p)),
    };
    expect(predict(model, squeezed).std).toBeGreaterThan(10 * predict(model, water).std);
  });
});

describe('the loop in memory (same engines and seeds as the workflow)', () => {
  it('learns: the held-out RMSE falls generation after generation', () => {
    const { metrics } = simulateLoop({ seed: 42, maxGenerations: 4 });
    const rmse = metrics.map((m) => m.holdoutRmseEh!);
    expect(rmse).toHaveLength(4);
    for (let i = 1; i < rmse.length; i++) expect(rmse[i]!).toBeLessThan(rmse[i - 1]!);
    expect(rmse[3]!).toBeLessThan(rmse[0]! / 3);
    expect(metrics.map((m) => m.datasetSize)).toEqual([16, 32, 48, 64]);
  });

  it('stops when nothing is uncertain', () => {
    const result = simulateLoop({ seed: 42, maxGenerations: 8, selector: { threshold: 0.07 } });
    expect(result.stop).toBe('converged');
    expect(result.metrics[result.metrics.length - 1]!.selected).toBe(0);
    expect(result.metrics[result.metrics.length - 1]!.maxUncertaintyEh).toBeLessThanOrEqual(0.07);
  });
});

describe('active-learning input', () => {
  it('fills defaults and names bad fields', () => {
    const settings = parseActiveLearningInput({
      label: { orca: { keywords: '! B3LYP def2-SVP', executable: '/bin/orcasim' } },
    });
    expect(settings.maxGenerations).toBe(5);
    expect(settings.failureThreshold).toBe(0.5);
    expect(settings.engines.trainer).toMatchObject({ runner: 'local', options: {} });
    expect(settings.label.scheduler.kind).toBe('local');
    expect(() =>
      parseActiveLearningInput({
        failureThreshold: 2,
        label: { orca: { keywords: '! B3LYP', executable: '/x' } },
        engines: { trainer: { command: ['pace'] } },
      }),
    ).toThrow(/failureThreshold.*engines\.trainer\.command: command\[0\] must be an absolute path/);
  });
});
