import { parseGeometry } from '../../../src/ingest/geometry';
import { evaluatePotential, toBohr } from '../../../src/simulator/potential';
import { AMMONIA_STRETCHED, HangSignal, NITRIC_OXIDE, orcaInput, simulate, WATER } from './support/memory-io';
import { LINE } from './support/orca-line-formats';

const lines = (text: string) => text.split('\n');
const hasLine = (text: string, pattern: RegExp) => lines(text).some((l) => pattern.test(l));
const matching = (text: string, pattern: RegExp) => lines(text).flatMap((l) => pattern.exec(l) ?? []);
const captures = (text: string, pattern: RegExp) =>
  lines(text).flatMap((l) => {
    const m = pattern.exec(l);
    return m ? [m] : [];
  });

/** The lines of the Mulliken block only (the Loewdin block after it has rows of the same layout). */
function mullikenSection(text: string): string {
  const start = text.indexOf('MULLIKEN ATOMIC CHARGES');
  return text.slice(start, text.indexOf('Sum of atomic charges', start));
}

function atomsOf(text: string) {
  const parsed = parseGeometry(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.atoms;
}

function energyOf(geometry: string, charge = 0, multiplicity = 1): number {
  const atoms = atomsOf(geometry);
  return evaluatePotential({
    elements: atoms.map((a) => a.element),
    coordinatesBohr: toBohr(atoms),
    charge,
    multiplicity,
  }).energy;
}

describe('single point', () => {
  it('prints the potential energy, the state, Mulliken charges and normal termination', async () => {
    const { code, io } = await simulate(orcaInput({ keywords: 'B3LYP def2-SVP', atoms: WATER }));
    const out = io.output;
    expect(code).toBe(0);
    expect(captures(out, LINE.fspe).map((m) => m[1])).toEqual([energyOf(WATER).toFixed(12)]);
    expect(captures(out, LINE.hfType)[0]![1]).toBe('RHF');
    expect(captures(out, LINE.totalCharge)[0]![1]).toBe('0');
    expect(captures(out, LINE.multiplicity)[0]![1]).toBe('1');
    expect(captures(out, LINE.scfConverged)).toHaveLength(1);
    expect(matching(out, LINE.mullikenHeader)).toEqual(['MULLIKEN ATOMIC CHARGES']);
    const charges = captures(mullikenSection(out), LINE.mullikenRow).map((m) => Number(m[3]));
    expect(charges).toHaveLength(3);
    expect(charges.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
    expect(out).toContain('orcasim: the orcastrate ORCA simulator. This is NOT the ORCA program.');
    const tail = lines(out.trimEnd()).slice(-2);
    expect(tail[0]).toMatch(LINE.terminatedNormally);
    expect(tail[1]).toMatch(LINE.totalRunTime);
    expect(io.file('job.engrad')).toBeUndefined();
    expect(atomsOf(io.file('job.xyz')!)).toEqual(atomsOf(WATER));
    expect(io.file('job.xyz')!.split('\n')[1]).toBe(
      `Coordinates from ORCA-job job E ${energyOf(WATER).toFixed(12)}`,
    );
  });

  it('prints spin populations and UHF for open shells', async () => {
    const { code, io } = await simulate(orcaInput({ keywords: 'SP', multiplicity: 2, atoms: NITRIC_OXIDE }));
    expect(code).toBe(0);
    expect(captures(io.output, LINE.hfType)[0]![1]).toBe('UHF');
    expect(matching(io.output, LINE.mullikenHeader)).toEqual([
      'MULLIKEN ATOMIC CHARGES AND SPIN POPULATIONS',
    ]);
    expect(Number(captures(io.output, LINE.spinSum)[0]![1])).toBeCloseTo(1, 6);
    expect(captures(io.output, LINE.fspe)[0]![1]).toBe(energyOf(NITRIC_OXIDE, 0, 2).toFixed(12));
  });

  it('reads the geometry from an xyzfile next to the input, and writes the gradient for EnGrad', async () => {
    const input = '! EnGrad\n%maxcore 1000\n* xyzfile 1 1 start.xyz\n';
    const geometry = 'N 0 0 0\nH 0 0.94 -0.36\nH 0.81 -0.47 -0.36\nH -0.81 -0.47 -0.36\nH 0 0 1.1';
    const { code, io } = await simulate(input, {}, { 'start.xyz': `5\nammonium\n${geometry}\n` });
    expect(code).toBe(0);
    const atoms = atomsOf(geometry);
    const expected = evaluatePotential({
      elements: atoms.map((a) => a.element),
      coordinatesBohr: toBohr(atoms),
      charge: 1,
    });
    const rows = captures(io.output, LINE.gradientRow).map((m) => [m[3], m[4], m[5]].map(Number));
    expect(rows.flat()).toEqual(Array.from(expected.gradient, (g) => Number(g.toFixed(9))));
    const engrad = io.file('job.engrad')!.split('\n');
    expect(engrad[3]!.trim()).toBe('5');
    expect(Number(engrad[7])).toBeCloseTo(expected.energy, 11);
    expect(engrad.slice(11, 26).map(Number)).toEqual(
      Array.from(expected.gradient, (g) => Number(g.toFixed(12))),
    );
  });
});

describe('geometry optimisation', () => {
  it('minimises the potential until MAX gradient < 3e-4 and reports convergence', async () => {
    const { code, io } = await simulate(orcaInput({ keywords: 'OPT', atoms: AMMONIA_STRETCHED }), {
      ORCASIM_CYCLE_DELAY_MS: '25',
    });
    const out = io.output;
    expect(code).toBe(0);
    const cycles = captures(out, LINE.optCycle).map((m) => Number(m[1]));
    expect(cycles.length).toBeGreaterThan(2);
    expect(cycles).toEqual(cycles.map((_, i) => i + 1));
    const energies = captures(out, LINE.fspe).map((m) => Number(m[1]));
    expect(energies).toHaveLength(cycles.length + 1); // one per cycle plus the final evaluation
    expect(energies.at(-1)!).toBeLessThan(energies[0]! - 1e-3);
    const tableMax = captures(out, LINE.convergenceRow)
      .filter((m) => m[1] === 'MAX gradient')
      .map((m) => [Number(m[2]), m[4]]);
    expect(tableMax).toHaveLength(cycles.length);
    expect(tableMax.at(-1)).toEqual([expect.any(Number), 'YES']);
    expect(tableMax.at(-1)![0]).toBeLessThan(3e-4);
    expect(tableMax[0]![0]).toBeGreaterThan(3e-4);
    expect(matching(out, LINE.optConverged)).toHaveLength(1);
    expect(hasLine(out, LINE.optNotConverged)).toBe(false);
    // the written geometry is the optimised one, and its energy is the final energy
    const finalXyz = io.file('job.xyz')!;
    expect(energyOf(finalXyz)).toBeCloseTo(energies.at(-1)!, 9);
    const engradMax = Math.max(
      ...io
        .file('job.engrad')!
        .split('\n')
        .slice(11, 23)
        .map((v) => Math.abs(Number(v))),
    );
    expect(engradMax).toBeLessThan(3e-4);
    // output arrives cycle by cycle, with the demo delay between cycles
    expect(io.writes.length).toBeGreaterThanOrEqual(cycles.length);
    expect(io.sleeps).toEqual(Array(cycles.length - 1).fill(25));
  });

  it('stops after %geom MaxIter cycles and says the optimisation did not converge', async () => {
    const input = orcaInput({ keywords: 'OPT', atoms: AMMONIA_STRETCHED, extra: ['%geom MaxIter 2 end'] });
    const { code, io } = await simulate(input);
    expect(code).toBe(0);
    expect(captures(io.output, LINE.optCycle)).toHaveLength(2);
    expect(hasLine(io.output, LINE.optNotConverged)).toBe(true);
    expect(hasLine(io.output, LINE.optConverged)).toBe(false);
    expect(hasLine(io.output, LINE.terminatedNormally)).toBe(true);
    expect(io.sleeps).toEqual([]);
  });
});

describe('scripted faults', () => {
  const fault = (text: string) => `# orcasim-fault: ${text}`;

  it('scf-not-converged: a single point warns and still terminates normally', async () => {
    const { code, io } = await simulate(
      orcaInput({ keywords: 'SP', atoms: WATER, extra: [fault('scf-not-converged')] }),
    );
    expect(code).toBe(0);
    expect(captures(io.output, LINE.scfNotConverged).map((m) => m[1])).toEqual(['125']);
    expect(captures(io.output, LINE.scfIteration)).toHaveLength(125);
    expect(captures(io.output, LINE.fspe)[0]![2]).toBe('   (SCF not fully converged!)');
    expect(hasLine(io.output, LINE.scfConverged)).toBe(false);
    expect(hasLine(io.output, LINE.terminatedNormally)).toBe(true);
  });

  it('scf-not-converged: an optimisation aborts with a non-zero exit, and SlowConv heals it', async () => {
    const extra = [fault('scf-not-converged'), '%scf maxiter 40 end'];
    const failed = await simulate(orcaInput({ keywords: 'OPT', atoms: WATER, extra }));
    expect(failed.code).toBe(1);
    expect(captures(failed.io.output, LINE.scfNotConverged).map((m) => m[1])).toEqual(['40']);
    expect(hasLine(failed.io.output, LINE.aborting)).toBe(true);
    expect(hasLine(failed.io.output, LINE.terminatedNormally)).toBe(false);
    expect(failed.io.file('job.xyz')).toBeUndefined();

    const healed = await simulate(orcaInput({ keywords: 'OPT SlowConv', atoms: WATER, extra }));
    expect(healed.code).toBe(0);
    expect(hasLine(healed.io.output, LINE.optConverged)).toBe(true);
    expect(hasLine(healed.io.output, LINE.scfNotConverged)).toBe(false);
  });

  it('an SCF needing more cycles than %scf MaxIter fails without any scripted fault', async () => {
    const { code, io } = await simulate(
      orcaInput({ keywords: 'EnGrad', atoms: WATER, extra: ['%scf maxiter 3 end'] }),
    );
    expect(code).toBe(1);
    expect(captures(io.output, LINE.scfNotConverged).map((m) => m[1])).toEqual(['3']);
  });

  it('error-termination: fails with ORCA error-termination lines while attempts last', async () => {
    const input = orcaInput({
      keywords: 'OPT',
      atoms: WATER,
      extra: [fault('error-termination attempts=2')],
    });
    for (const attempt of ['1', '2']) {
      const { code, io } = await simulate(input, { ORCASTRATE_ATTEMPT: attempt });
      expect(code).toBe(1);
      expect(captures(io.output, LINE.errorTermination).map((m) => m[1])).toEqual(['GTOInt']);
      expect(hasLine(io.output, LINE.aborting)).toBe(true);
      expect(hasLine(io.output, LINE.fspe)).toBe(false);
      expect(hasLine(io.output, LINE.terminatedNormally)).toBe(false);
    }
    const third = await simulate(input, { ORCASTRATE_ATTEMPT: '3' });
    expect(third.code).toBe(0);
    expect(hasLine(third.io.output, LINE.optConverged)).toBe(true);
  });

  it('memory: fails until %maxcore reaches need', async () => {
    const run = (maxcore: number) =>
      simulate(
        orcaInput({
          keywords: 'SP',
          atoms: WATER,
          extra: [fault('memory need=4000'), `%maxcore ${maxcore}`],
        }),
      );
    const short = await run(3999);
    expect(short.code).toBe(1);
    expect(short.io.output).toContain('Not enough memory available!');
    expect(captures(short.io.output, LINE.errorTermination).map((m) => m[1])).toEqual(['SCF']);
    const enough = await run(4000);
    expect(enough.code).toBe(0);
    expect(hasLine(enough.io.output, LINE.terminatedNormally)).toBe(true);
  });

  it('hang: writes the header and a few SCF iterations, then waits forever', async () => {
    const input = orcaInput({ keywords: 'OPT', atoms: WATER, extra: [fault('hang attempts=1')] });
    const hung = simulate(input);
    await expect(hung).rejects.toThrow(HangSignal);
    const { io: retried, code } = await simulate(input, { ORCASTRATE_ATTEMPT: '2' });
    expect(code).toBe(0);
    expect(hasLine(retried.output, LINE.terminatedNormally)).toBe(true);
  });

  it('hang: output stops after three SCF iterations', async () => {
    const { MemoryIo } = await import('./support/memory-io');
    const { runOrcaSimulation } = await import('../../../src/simulator/run-simulation');
    const io = new MemoryIo({
      'job.inp': orcaInput({ keywords: 'SP', atoms: WATER, extra: [fault('hang')] }),
    });
    await expect(runOrcaSimulation({ inputPath: '/job/job.inp', env: {} }, io)).rejects.toThrow(HangSignal);
    expect(io.hung).toBe(true);
    expect(captures(io.output, LINE.scfIteration)).toHaveLength(3);
    expect(hasLine(io.output, LINE.scfConverged)).toBe(false);
  });

  it('reports input problems as an ORCA-style abort', async () => {
    const cases = [
      orcaInput({ keywords: 'SP', atoms: WATER, extra: [fault('explode')] }),
      orcaInput({ keywords: 'SP', atoms: WATER, multiplicity: 2 }),
      '! SP\n* xyzfile 0 1 missing.xyz\n',
    ];
    for (const input of cases) {
      const { code, io } = await simulate(input);
      expect(code).toBe(1);
      expect(hasLine(io.output, LINE.aborting)).toBe(true);
      expect(hasLine(io.output, LINE.terminatedNormally)).toBe(false);
    }
  });
});
