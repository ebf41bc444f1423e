import { activeFault, attemptFromEnv, parseFaultSpec } from '../../../src/simulator/faults';
import { parseOrcaInput } from '../../../src/simulator/orca-input';

describe('parseOrcaInput', () => {
  it('reads keywords, %pal, %maxcore, %scf and %geom settings and an inline geometry', () => {
    const input = parseOrcaInput(
      [
        '! B3LYP def2-SVP Opt SlowConv   # comment after keywords',
        '%pal nprocs 8 end',
        '%maxcore 3000',
        '%scf',
        '  MaxIter 300',
        '  Convergence Tight',
        'end',
        '%geom maxiter 7 end',
        '%basis',
        '  NewGTO U "ma-def-TZVP" end # nested end must not close %basis',
        'end',
        '* xyz -1 2',
        '  O 0 0 0',
        '  H 0 0 0.97',
        '*',
      ].join('\n'),
    );
    expect(input).toMatchObject({
      keywords: ['B3LYP', 'DEF2-SVP', 'OPT', 'SLOWCONV'],
      runType: 'opt',
      slowConv: true,
      unrestricted: true,
      nprocs: 8,
      maxcoreMb: 3000,
      scfMaxIter: 300,
      geomMaxIter: 7,
      charge: -1,
      multiplicity: 2,
      faults: [],
    });
    expect(input.geometry).toEqual({
      kind: 'inline',
      atoms: [
        { element: 'O', x: 0, y: 0, z: 0 },
        { element: 'H', x: 0, y: 0, z: 0.97 },
      ],
    });
  });

  it('reads xyzfile geometries, EnGrad and PALn, with ORCA defaults for the rest', () => {
    const input = parseOrcaInput('!EnGrad PAL4 VerySlowConv\n*xyzfile 0 1 geom.xyz\n');
    expect(input).toMatchObject({
      runType: 'engrad',
      slowConv: true,
      unrestricted: false,
      nprocs: 4,
      maxcoreMb: undefined,
      scfMaxIter: 125,
      geomMaxIter: 50,
      geometry: { kind: 'xyzfile', path: 'geom.xyz' },
    });
    expect(parseOrcaInput('! SP\n* xyz 0 1\nH 0 0 0\nH 0 0 0.74\n*').runType).toBe('sp');
    expect(parseOrcaInput('! UKS\n* xyz 0 1\nH 0 0 0\nH 0 0 0.74\n*').unrestricted).toBe(true);
  });

  it('collects orcasim-fault comment lines', () => {
    const input = parseOrcaInput(
      '! SP\n# orcasim-fault: memory need=6000 attempts=2\n#orcasim-fault:hang\n* xyzfile 0 1 g.xyz\n',
    );
    expect(input.faults).toEqual([
      { kind: 'memory', attempts: 2, needMb: 6000 },
      { kind: 'hang', attempts: Infinity },
    ]);
  });

  it('rejects inputs it cannot run', () => {
    expect(() => parseOrcaInput('! SP\n')).toThrow(/no geometry/);
    expect(() => parseOrcaInput('! SP\n* xyz 0 1\nH 0 0 0\n')).toThrow(/not closed/);
    expect(() => parseOrcaInput('! SP\n* int 0 1\n*')).toThrow(/not supported/);
    expect(() => parseOrcaInput('! SP\n* xyz 0.5 1\nH 0 0 0\n*')).toThrow(/charge "0.5"/);
    expect(() => parseOrcaInput('! SP\n%scf maxiter 10\n* xyzfile 0 1 g.xyz\n')).toThrow(
      /%scf block is not closed/,
    );
    expect(() => parseOrcaInput('! SP\n* xyz 0 1\nQq 0 0 0\n*')).toThrow(/unknown element "Qq"/);
    expect(() => parseOrcaInput('! SP\n# orcasim-fault: explode\n* xyzfile 0 1 g.xyz')).toThrow(
      /unknown orcasim fault/,
    );
  });
});

describe('fault scheduling', () => {
  const context = { attempt: 1, slowConv: false, maxcoreMb: 1000 };

  it('parses kinds and options', () => {
    expect(parseFaultSpec('error-termination attempts=2')).toEqual({
      kind: 'error-termination',
      attempts: 2,
    });
    expect(parseFaultSpec('NONE')).toEqual({ kind: 'none', attempts: Infinity });
    expect(() => parseFaultSpec('hang after=3')).toThrow(/bad orcasim fault option/);
  });

  it('fires while the attempt number is within attempts, and every time without it', () => {
    const twice = [parseFaultSpec('error-termination attempts=2')];
    expect(activeFault(twice, { ...context, attempt: 1 })?.kind).toBe('error-termination');
    expect(activeFault(twice, { ...context, attempt: 2 })?.kind).toBe('error-termination');
    expect(activeFault(twice, { ...context, attempt: 3 })).toBeUndefined();
    expect(activeFault([parseFaultSpec('hang')], { ...context, attempt: 99 })?.kind).toBe('hang');
    expect(activeFault([parseFaultSpec('none')], context)).toBeUndefined();
  });

  it('heals scf-not-converged with SlowConv and memory with enough %maxcore', () => {
    expect(activeFault([parseFaultSpec('scf-not-converged')], context)?.kind).toBe('scf-not-converged');
    expect(
      activeFault([parseFaultSpec('scf-not-converged')], { ...context, slowConv: true }),
    ).toBeUndefined();
    const memory = [parseFaultSpec('memory need=4000')];
    expect(activeFault(memory, { ...context, maxcoreMb: 3999 })?.kind).toBe('memory');
    expect(activeFault(memory, { ...context, maxcoreMb: 4000 })).toBeUndefined();
  });

  it('reads ORCASTRATE_ATTEMPT, defaulting to 1', () => {
    expect(attemptFromEnv({})).toBe(1);
    expect(attemptFromEnv({ ORCASTRATE_ATTEMPT: '3' })).toBe(3);
    expect(attemptFromEnv({ ORCASTRATE_ATTEMPT: 'x' })).toBe(1);
  });
});
