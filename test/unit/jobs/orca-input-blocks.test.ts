import { renderOrcaInput } from '../../../src/jobs/orca-input';
import { initialPlan, type AttemptPlan } from '../../../src/recovery/plan';
import { scfNotConverged } from '../../../src/recovery/handlers';
import { parseOrcaInput } from '../../../src/simulator';

const orca = {
  keywords: '! B3LYP def2-SVP OPT',
  executable: '/opt/orca/orca',
  cores: 1,
  memoryMb: 4000,
  walltimeMinutes: 60,
};

function render(blocks: string | undefined, plan: AttemptPlan = initialPlan(orca)): string[] {
  const text = renderOrcaInput({
    keywords: orca.keywords,
    blocks,
    plan,
    charge: 0,
    multiplicity: 1,
    xyzFile: 'input.xyz',
  });
  return text.split('\n');
}

/** The plan after the SCF ladder's first `rungs` corrections. */
function laddered(rungs: number): AttemptPlan {
  let plan = initialPlan(orca);
  for (let rung = 0; rung < rungs; rung += 1) plan = scfNotConverged.correct(plan)!.plan;
  return plan;
}

describe('ORCA input blocks: step, operator and recovery ladder merged', () => {
  it('writes the step’s blocks after the resources and before the geometry', () => {
    expect(render('%scf MaxIter 300 end\n%geom\n  MaxIter 80\nend')).toEqual(
      [
        '! B3LYP def2-SVP OPT',
        '%maxcore 3000',
        '%scf MaxIter 300 end',
        '%geom\n  MaxIter 80\nend'.split('\n'),
        '* xyzfile 0 1 input.xyz',
        '',
      ].flat(),
    );
  });

  it('puts the ladder’s MaxIter into the step’s %scf block, the larger of the two winning', () => {
    // rung 1: SlowConv + MaxIter 500 (the step asked for 300)
    expect(render('%scf MaxIter 300 Shift 0.1 end', laddered(1))).toEqual([
      '! B3LYP def2-SVP OPT SlowConv',
      '%maxcore 3000',
      '%scf Shift 0.1 MaxIter 500 end',
      '* xyzfile 0 1 input.xyz',
      '',
    ]);
    // the step's 2000 stays above the ladder's 500
    expect(render('%scf\n  MaxIter=2000\n  Shift 0.1\nend', laddered(1))).toContain('  MaxIter 2000');
    expect(render('%scf\n  MaxIter=2000\n  Shift 0.1\nend', laddered(1)).join('\n')).toContain(
      '%scf\n  Shift 0.1\n  MaxIter 2000\nend',
    );
  });

  it('puts the ladder’s last rung (Guess HCore) into the %scf block in place of the step’s guess', () => {
    const lines = render('%scf Guess PModel MaxIter 200 end', laddered(3));
    expect(lines.filter((line) => line.startsWith('%scf'))).toEqual(['%scf MaxIter 1000 Guess HCore end']);
  });

  it('adds the ladder’s own %scf block when the step has none, exactly as before blocks existed', () => {
    expect(render('%geom MaxIter 80 end', laddered(2))).toEqual([
      '! B3LYP def2-SVP OPT VerySlowConv',
      '%maxcore 3000',
      '%geom MaxIter 80 end',
      '%scf MaxIter 1000 end',
      '* xyzfile 0 1 input.xyz',
      '',
    ]);
  });

  it('lets an operator’s block replace the step’s block of the same name, then merges the ladder in', () => {
    const plan = { ...laddered(1), blocks: ['%scf MaxIter 800 DIISMaxEq 15 end', '%cpcm epsilon 80 end'] };
    expect(render('%scf MaxIter 300 end\n%geom MaxIter 80 end', plan)).toEqual([
      '! B3LYP def2-SVP OPT SlowConv',
      '%maxcore 3000',
      '%scf DIISMaxEq 15 MaxIter 800 end',
      '%geom MaxIter 80 end',
      '%cpcm epsilon 80 end',
      '* xyzfile 0 1 input.xyz',
      '',
    ]);
  });

  it('never writes a block twice, and the simulator reads the merged input back', () => {
    for (const rungs of [0, 1, 2, 3]) {
      const plan = { ...laddered(rungs), blocks: ['%scf MaxIter 700 end'] };
      const lines = render('%scf MaxIter 300 end\n%geom MaxIter 80 end', plan);
      const names = lines
        .filter((line) => line.startsWith('%'))
        .map((line) => line.split(/\s/)[0]!.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
      const parsed = parseOrcaInput(lines.join('\n'));
      expect(parsed.scfMaxIter).toBe(Math.max(700, plan.scfMaxIter ?? 0));
      expect(parsed.geomMaxIter).toBe(80);
    }
  });

  it('keeps an operator block it cannot read whole, under its name', () => {
    const plan = { ...laddered(1), blocks: ['%scf MaxIter 800'] };
    expect(render(undefined, plan)).toEqual([
      '! B3LYP def2-SVP OPT SlowConv',
      '%maxcore 3000',
      '%scf MaxIter 800',
      '%scf MaxIter 500 end',
      '* xyzfile 0 1 input.xyz',
      '',
    ]);
  });
});
