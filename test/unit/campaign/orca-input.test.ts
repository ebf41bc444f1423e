import { renderOrcaInput } from '../../../src/jobs/orca-input';
import { initialPlan } from '../../../src/recovery/plan';
import { parseOrcaInput } from '../../../src/simulator';
import { orca } from './support';

describe('ORCA input rendering', () => {
  it('matches %pal and %maxcore to the attempt resources and points at the geometry file', () => {
    const text = renderOrcaInput({
      keywords: orca.keywords,
      plan: initialPlan(orca),
      charge: -1,
      multiplicity: 2,
      xyzFile: 'input.xyz',
    });
    expect(text).toBe(
      ['! B3LYP def2-SVP OPT', '%pal nprocs 4 end', '%maxcore 1500', '* xyzfile -1 2 input.xyz', ''].join(
        '\n',
      ),
    );
  });

  it('adds ladder corrections once, an %scf block, and one-line comments', () => {
    const plan = {
      ...initialPlan({ ...orca, cores: 1 }),
      extraKeywords: ['SlowConv', 'OPT'],
      scfMaxIter: 500,
      scfGuess: 'HCore',
    };
    const text = renderOrcaInput({
      keywords: orca.keywords,
      plan,
      charge: 0,
      multiplicity: 1,
      xyzFile: 'input.xyz',
      comments: ['orcasim-fault: hang\n! injected'],
    });
    expect(text.split('\n')).toEqual([
      '! B3LYP def2-SVP OPT SlowConv',
      '%maxcore 6000',
      '%scf MaxIter 500 Guess HCore end',
      '# orcasim-fault: hang ! injected',
      '* xyzfile 0 1 input.xyz',
      '',
    ]);
  });

  it('is read back by the ORCA simulator as the same job', () => {
    const text = renderOrcaInput({
      keywords: orca.keywords,
      plan: initialPlan(orca),
      charge: 1,
      multiplicity: 2,
      xyzFile: 'input.xyz',
    });
    const parsed = parseOrcaInput(text);
    expect(parsed).toMatchObject({
      charge: 1,
      multiplicity: 2,
      nprocs: 4,
      maxcoreMb: 1500,
      geometry: { kind: 'xyzfile', path: 'input.xyz' },
    });
  });

  it('refuses geometry file names that could escape the job directory', () => {
    for (const xyzFile of ['../x.xyz', '/etc/passwd', 'a b.xyz', 'input.txt']) {
      expect(() =>
        renderOrcaInput({
          keywords: orca.keywords,
          plan: initialPlan(orca),
          charge: 0,
          multiplicity: 1,
          xyzFile,
        }),
      ).toThrow(/not safe/);
    }
  });
});
