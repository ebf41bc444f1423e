import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { finalGeometryOf } from '../../../src/jobs/step-geometry';
import { simulatorFaultComments } from '../../../src/jobs/simulator-faults';

const COORDINATES = (atoms: string[]) =>
  [
    '---------------------------------',
    'CARTESIAN COORDINATES (ANGSTROEM)',
    '---------------------------------',
    ...atoms,
    '',
  ].join('\n');

describe('a step’s final geometry (geometryFrom)', () => {
  const attemptDir = () => mkdtempSync(path.join(tmpdir(), 'orcastrate-step-'));

  it('is ORCA’s job.xyz when it holds a geometry', () => {
    const dir = attemptDir();
    const xyz = '2\nCoordinates from ORCA-job job E -1.0\nH 0 0 0\nH 0 0 0.74\n';
    writeFileSync(path.join(dir, 'job.xyz'), xyz);
    writeFileSync(path.join(dir, 'job.out'), COORDINATES(['  H 0.0 0.0 0.0', '  H 0.0 0.0 0.9']));
    expect(finalGeometryOf(dir)).toEqual({ source: path.join(dir, 'job.xyz'), xyz });
  });

  it('else the last coordinate block of the output (an empty job.xyz is no geometry)', () => {
    const dir = attemptDir();
    writeFileSync(path.join(dir, 'job.xyz'), '');
    writeFileSync(
      path.join(dir, 'job.out'),
      COORDINATES(['  O 0.0 0.0 0.0', '  H 0.0 0.0 0.96']) +
        'cycle 2\n' +
        COORDINATES(['  O 0.0 0.0 0.01', '  H 0.0 0.0 0.97']),
    );
    const found = finalGeometryOf(dir)!;
    expect(found.source).toBe(path.join(dir, 'job.out'));
    expect(
      found.xyz
        .split('\n')
        .slice(2, 4)
        .map((line) => line.trim().split(/\s+/).map(Number.parseFloat)),
    ).toEqual([
      [Number.NaN, 0, 0, 0.01],
      [Number.NaN, 0, 0, 0.97],
    ]);
    expect(found.xyz.split('\n')[0]).toBe('2');
  });

  it('is undefined without either, or when the last block is cut off mid-line', () => {
    const dir = attemptDir();
    expect(finalGeometryOf(dir)).toBeUndefined();
    writeFileSync(path.join(dir, 'job.out'), COORDINATES(['  O 0.0 0.0 0.0', '  H 0.0 0.0']).trimEnd());
    expect(finalGeometryOf(dir)).toBeUndefined();
  });
});

describe('simulator faults per step (the orcasim_fault column)', () => {
  it.each<[string, string, string[]]>([
    ['error-termination', 'main', ['orcasim-fault: error-termination']],
    ['error-termination', 'sp', ['orcasim-fault: error-termination']],
    ['opt: error-termination', 'opt', ['orcasim-fault: error-termination']],
    ['opt: error-termination', 'freq', []],
    [
      'opt:hang attempts=1; freq: memory need=500; scf-not-converged',
      'freq',
      ['orcasim-fault: memory need=500', 'orcasim-fault: scf-not-converged'],
    ],
    ['', 'opt', []],
  ])('%j for step %s', (column, step, comments) => {
    expect(simulatorFaultComments(column, step)).toEqual(comments);
  });
});
