import { statSync } from 'node:fs';
import { parseFile, toSummaryRecord, type ParsedFile } from '../../../src/orca';
import {
  ENGRAD_EXPECTATIONS,
  OTHER_EXPECTATIONS,
  OUTPUT_EXPECTATIONS,
  SELLA_EXPECTATIONS,
  SELLA_STATUS_EXPECTATIONS,
} from './fixture-expectations';
import { fixture, listFixtureFiles } from './fixture-paths';

/** "now" just after the fixture's mtime, so a file without terminal marker reads as running. */
async function parseFresh(relative: string): Promise<ParsedFile> {
  const file = fixture(relative);
  return parseFile(file, { now: statSync(file).mtimeMs + 60_000 });
}

describe('every fixture file has expectations', () => {
  const all = [
    OUTPUT_EXPECTATIONS,
    ENGRAD_EXPECTATIONS,
    SELLA_EXPECTATIONS,
    SELLA_STATUS_EXPECTATIONS,
    OTHER_EXPECTATIONS,
  ].flatMap(Object.keys);

  it('lists exactly the 28 files of PROVENANCE.md, each with one expectation', () => {
    expect(listFixtureFiles()).toEqual([...all].sort());
    expect(all).toHaveLength(28);
  });
});

describe.each(Object.entries(OUTPUT_EXPECTATIONS))('ORCA output %s', (relative, expected) => {
  let parsed: ParsedFile;
  beforeAll(async () => {
    parsed = await parseFresh(relative);
  });

  it(`is ${expected.status}/${expected.reason}${expected.note ? ` (${expected.note})` : ''}`, () => {
    expect(parsed.kind).toBe('output');
    expect(parsed.verdict).toMatchObject({ status: expected.status, reason: expected.reason });
    if (expected.errorModule) expect(parsed.verdict?.errorModule).toBe(expected.errorModule);
  });

  it('has the version, energies, SCF cycles, gradients, charge and multiplicity', () => {
    if (parsed.kind !== 'output') throw new Error('not an output');
    const m = parsed.metrics;
    expect(m.orcaVersion).toBe(expected.version);
    expect(m.finalEnergyEh).toBe(expected.lastFspe);
    expect(m.energyEvaluations).toBe(expected.fspeCount);
    expect(m.scfCycles).toBe(expected.scfTotal);
    expect(m.optimization.lastMaxGradientEhBohr).toBe(expected.tableMaxGradient);
    expect(m.optimization.cycles).toBe(expected.tables);
    expect(m.optimization.maxGradientPerCycleEhBohr).toHaveLength(expected.tables);
    expect(m.cartesianMaxGradientEhBohr).toBe(expected.cartesianMaxGradient);
    expect(m.maxGradientEhBohr).toBe(expected.tableMaxGradient ?? expected.cartesianMaxGradient);
    expect(m.charge).toBe(expected.charge);
    expect(m.multiplicity).toBe(expected.multiplicity);
  });

  it('has the last Mulliken block', () => {
    if (parsed.kind !== 'output') throw new Error('not an output');
    const mulliken = parsed.metrics.mulliken;
    if (expected.mulliken === null) {
      expect(mulliken).toBeNull();
      return;
    }
    expect(mulliken?.header).toBe(expected.mulliken.header);
    expect(mulliken?.atoms).toHaveLength(expected.mulliken.atoms);
    expect(mulliken?.atoms[0]).toEqual({ index: 0, ...expected.mulliken.atom0 });
    expect(mulliken?.chargeSum).toBeCloseTo(expected.mulliken.chargeSum, 6);
    if (expected.mulliken.spinSum === null) expect(mulliken?.spinSum).toBeNull();
    else expect(mulliken?.spinSum).toBeCloseTo(expected.mulliken.spinSum, 6);
  });
});

describe('optimization status of the fixture outputs', () => {
  it.each([
    ['cclib-data/ORCA/ORCA4.2/dvb_gopt.out', true],
    ['chemsmart/tests/data/ORCATests/outputs/sn2_ts.out', true],
    ['chemsmart/tests/data/ORCATests/outputs/fe2_quintet.out', false],
    ['cclib-data/ORCA/ORCA5.0/1177.out', false],
    ['cclib/data/ORCA/basicORCA6.0/dvb_sp_un_dft.out', null],
  ])('%s converged: %s', async (relative, converged) => {
    const parsed = await parseFresh(relative);
    if (parsed.kind !== 'output') throw new Error('not an output');
    expect(parsed.metrics.optimization.converged).toBe(converged);
  });

  it('IrCl6 reports the 125 cycles of its non-converged SCF separately', async () => {
    const parsed = await parseFresh('cclib-data/ORCA/ORCA4.0/IrCl6_sp.out');
    if (parsed.kind !== 'output') throw new Error('not an output');
    expect(parsed.metrics.scfNotConvergedCycles).toBe(125);
    expect(parsed.metrics.scfCycles).toBe(0);
  });
});

describe.each(Object.entries(ENGRAD_EXPECTATIONS))('engrad %s', (relative, expected) => {
  it('has energy, gradient statistics, atomic numbers and coordinates', async () => {
    const parsed = await parseFresh(relative);
    if (parsed.kind !== 'engrad' || !parsed.engrad) throw new Error(`not parsed as engrad: ${parsed.kind}`);
    const e = parsed.engrad;
    expect(parsed.verdict).toBeNull();
    expect(e.atomCount).toBe(expected.atoms);
    expect(e.energyEh).toBe(expected.energy);
    expect(e.maxAbsComponentEhBohr).toBe(expected.maxComponent);
    expect(e.maxAtomNormEhBohr).toBeCloseTo(expected.maxAtomNorm, 11);
    expect(e.rmsEhBohr).toBeCloseTo(expected.rms, 11);
    // the norm is the RMS times sqrt(3N) (for water_opt it is the output's line 2248
    // "Norm of the cartesian gradient     ...    0.0000249371")
    expect(e.normEhBohr).toBeCloseTo(expected.rms * Math.sqrt(3 * expected.atoms), 10);
    expect(e.atomicNumbers).toEqual(expected.atomicNumbers);
    expect(e.gradientEhBohr).toHaveLength(3 * expected.atoms);
    expect(e.coordinatesBohr).toHaveLength(3 * expected.atoms);
  });

  it('has the energy of the last FINAL SINGLE POINT ENERGY of its output', async () => {
    const output = await parseFresh(expected.output);
    if (output.kind !== 'output') throw new Error('not an output');
    expect(output.metrics.finalEnergyEh).toBe(expected.energy);
  });
});

describe.each(Object.entries(SELLA_EXPECTATIONS))('Sella log %s', (relative, expected) => {
  it('has steps, energies in eV and fmax converted to Eh/Bohr', async () => {
    const parsed = await parseFresh(relative);
    if (parsed.kind !== 'sella' || !parsed.sella) throw new Error(`not parsed as sella: ${parsed.kind}`);
    const s = parsed.sella;
    expect(s.stepRows).toBe(expected.rows);
    expect(s.runs).toBe(expected.runs);
    expect(s.lastStep).toBe(expected.lastStep);
    expect(s.firstEnergyEv).toBe(expected.firstEv);
    expect(s.lastEnergyEv).toBe(expected.lastEv);
    expect(s.lastFmaxEvPerAngstrom).toBe(expected.lastFmax);
    expect(s.lastFmaxEhBohr).toBeCloseTo(expected.lastFmaxEhBohr, 6);
    expect(s.lastEnergyEh).toBeCloseTo(-76.4336130912, 8);
  });
});

describe.each(Object.entries(SELLA_STATUS_EXPECTATIONS))('Sella status file %s', (relative, expected) => {
  it('says whether Sella converged, in how many steps, with which final fmax', async () => {
    const parsed = await parseFresh(relative);
    if (parsed.kind !== 'sella-status') throw new Error(`not parsed as a Sella status: ${parsed.kind}`);
    expect(parsed.verdict).toBeNull();
    expect(parsed.sellaStatus).toEqual(expected);
    expect(toSummaryRecord(parsed)).toMatchObject({ kind: 'sella-status', sellaStatus: expected });
  });
});

describe.each(Object.entries(OTHER_EXPECTATIONS))('non-output text %s', (relative, expected) => {
  it('is kind "other" with no verdict, even when it contains "Error"', async () => {
    const parsed = await parseFresh(relative);
    expect(parsed.kind).toBe('other');
    expect(parsed.verdict).toBeNull();
    if (parsed.kind !== 'other') return;
    expect(parsed.lineCount).toBe(expected.lines);
    expect(parsed.firstLine).toBe(expected.firstLine);
    expect(toSummaryRecord(parsed)).toMatchObject({ kind: 'other', status: null, reason: null });
  });
});
