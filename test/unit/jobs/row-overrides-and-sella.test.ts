import { readFileSync } from 'node:fs';
import { rowBlocks } from '../../../src/jobs/orca-block-merge';
import { attemptKeywordLine, renderOrcaInput } from '../../../src/jobs/orca-input';
import { withSellaStatus } from '../../../src/jobs/sella-convergence';
import type { AttemptVerdict } from '../../../src/jobs/types';
import { parseSellaStatusText } from '../../../src/orca/sella-status';
import { initialPlan } from '../../../src/recovery/plan';
import { fixture } from '../orca/fixture-paths';

const orca = {
  keywords: '! B3LYP def2-SVP OPT',
  executable: '/o',
  cores: 1,
  memoryMb: 4000,
  walltimeMinutes: 60,
};

describe('a row’s ORCA overrides: campaign → step → row → operator', () => {
  it('merges a row’s blocks into the step’s by name, the row’s block where the step’s stood', () => {
    const step = '%scf MaxIter 300 end\n%geom MaxIter 80 end';
    expect(rowBlocks(step, undefined)).toBe(step);
    expect(rowBlocks(undefined, '%geom Calc_Hess true end')).toBe('%geom Calc_Hess true end');
    expect(rowBlocks(step, '%GEOM MaxIter 200 end\n%output Print[P_Hirshfeld] 1 end')).toBe(
      '%scf MaxIter 300 end\n%GEOM MaxIter 200 end\n%output Print[P_Hirshfeld] 1 end',
    );
  });

  it('lets an operator’s keywords and blocks win over the row’s', () => {
    const plan = {
      ...initialPlan(orca),
      keywords: '! PBE0 def2-TZVP OPT',
      blocks: ['%geom MaxIter 500 end'],
    };
    const lines = renderOrcaInput({
      keywords: '! r2SCAN-3c OPT',
      blocks: rowBlocks('%geom MaxIter 80 end', '%geom MaxIter 120 end'),
      plan,
      charge: 0,
      multiplicity: 1,
      xyzFile: 'input.xyz',
    }).split('\n');
    expect(lines[0]).toBe('! PBE0 def2-TZVP OPT');
    expect(lines.filter((line) => line.startsWith('%geom'))).toEqual(['%geom MaxIter 500 end']);
    expect(attemptKeywordLine('! r2SCAN-3c OPT', { ...initialPlan(orca), extraKeywords: ['SlowConv'] })).toBe(
      '! r2SCAN-3c OPT SlowConv',
    );
  });
});

describe('Sella convergence from sella_status.txt in the attempt’s verdict', () => {
  const completed: AttemptVerdict = {
    status: 'completed',
    reason: 'normal-termination',
    metrics: { finalEnergyEh: -76.3, properties: { warnings: 1, warningMessages: ['WARNING: x'] } },
  };

  it('records a converged run in properties.sella (oact_utils water example: 3 steps, fmax 0.021567)', () => {
    const text = readFileSync(
      fixture('oact_utils/examples/sella_water_example/job/sella_status.txt'),
      'utf8',
    );
    expect(withSellaStatus(completed, parseSellaStatusText(text)).metrics?.properties).toEqual({
      warnings: 1,
      warningMessages: ['WARNING: x'],
      sella: { status: 'CONVERGED', converged: true, steps: 3, finalFmaxEvPerAngstrom: 0.021567 },
    });
  });

  it('warns about a run Sella did not converge, and leaves a job without the file alone', () => {
    const status = parseSellaStatusText('status: NOT_CONVERGED\nsteps: 200\n');
    expect(withSellaStatus(completed, status).metrics?.properties).toEqual({
      warnings: 2,
      warningMessages: ['sella: NOT_CONVERGED', 'WARNING: x'],
      checkWarnings: ['sella: NOT_CONVERGED'],
      sella: { status: 'NOT_CONVERGED', converged: false, steps: 200 },
    });
    expect(withSellaStatus(completed, null)).toBe(completed);
  });
});
