import { copyFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { findMainOutput, parseFile, parseJobDirectory, pickMainOutput } from '../../../src/orca';
import { OUTPUTS, fixture } from './fixture-paths';

describe('pickMainOutput', () => {
  it('ignores ORCA side outputs (_atomNN.out) and picks the job output', () => {
    expect(pickMainOutput(['AmO_orca_atom95.out', 'AmO_orca.engrad', 'logs'])).toBe('logs');
    expect(pickMainOutput(['job_atom8.out', 'job_atom1.out.gz', 'job.out'])).toBe('job.out');
    expect(pickMainOutput(['job_atom8.out'])).toBeNull();
  });

  it('prefers the output named after the input, then quacc orca.out, and skips batch and Sella logs', () => {
    expect(pickMainOutput(['a.out', 'mol.inp', 'mol.out', 'slurm-77.out'])).toBe('mol.out');
    expect(pickMainOutput(['orca.err.gz', 'orca.engrad.gz', 'orca.out.gz', 'slurm-77.out'])).toBe(
      'orca.out.gz',
    );
    expect(pickMainOutput(['slurm-77.out', 'sella.log', 'sella_status.txt'])).toBeNull();
    expect(pickMainOutput(['/runs/j1/x.out.gz', '/runs/j1/x.out'])).toBe('/runs/j1/x.out');
  });

  it('finds the main output of a real job directory', async () => {
    const directory = path.dirname(fixture(OUTPUTS.amoOpt61));
    expect(await findMainOutput(directory)).toBe(fixture(OUTPUTS.amoOpt61));
  });
});

describe('parseJobDirectory (what the job workflow calls)', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'orca-job-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('gives the verdict and metrics of the quacc job (gzipped output)', async () => {
    const report = await parseJobDirectory(path.dirname(fixture(OUTPUTS.quaccGz)));
    expect(report.outputFile).toBe(fixture(OUTPUTS.quaccGz));
    expect(report.verdict).toMatchObject({ status: 'completed', reason: 'normal-termination' });
    expect(report.metrics?.finalEnergyEh).toBe(-814.120925544656);
  });

  it('reads an empty directory as running while fresh and timeout once stale', async () => {
    const now = Date.now();
    expect((await parseJobDirectory(scratch, { now })).verdict).toMatchObject({
      status: 'running',
      reason: 'in-progress',
    });
    utimesSync(scratch, new Date(now - 8 * 3_600_000), new Date(now - 8 * 3_600_000));
    expect((await parseJobDirectory(scratch, { now })).verdict).toMatchObject({ status: 'timeout' });
  });

  it('tells running from timeout by the output mtime (6 h default, configurable)', async () => {
    const out = path.join(scratch, 'job.out');
    copyFileSync(fixture(OUTPUTS.truncatedScf), out);
    const now = Date.now();
    const setAge = (hours: number): void =>
      utimesSync(out, new Date(now - hours * 3_600_000), new Date(now - hours * 3_600_000));
    setAge(1);
    expect((await parseJobDirectory(scratch, { now })).verdict.status).toBe('running');
    expect((await parseJobDirectory(scratch, { now, staleHours: 0.5 })).verdict.status).toBe('timeout');
    setAge(7);
    expect((await parseJobDirectory(scratch, { now })).verdict).toMatchObject({
      status: 'timeout',
      reason: 'stale-output',
    });
  });

  it('falls back to <base>.engrad for the gradient when the output prints none', async () => {
    copyFileSync(fixture(OUTPUTS.dvbSpOpenShell60), path.join(scratch, 'sp.out'));
    copyFileSync(
      fixture('chemsmart/tests/data/ORCATests/outputs/water_opt.engrad'),
      path.join(scratch, 'sp.engrad'),
    );
    const report = await parseJobDirectory(scratch);
    expect(report.metrics?.maxGradientEhBohr).toBe(1.4390789e-5);
    expect(report.metrics?.maxGradientSource).toBe('engrad');
    // PROVENANCE: water_opt.engrad max |component| 1.4390789e-05, RMS 8.312363e-06 (norm = RMS·sqrt(9))
    expect(report.metrics?.properties.gradient).toMatchObject({ maxEhBohr: 1.4390789e-5, source: 'engrad' });
    expect(report.metrics?.properties.gradient?.rmsEhBohr).toBeCloseTo(8.312363e-6, 12);
    expect(report.metrics?.properties.gradient?.normEhBohr).toBeCloseTo(2.4937e-5, 9);
  });

  it("reads Sella's convergence from the driver's sella_status.txt next to the output", async () => {
    copyFileSync(fixture(OUTPUTS.waterOptFreq), path.join(scratch, 'job.out'));
    expect((await parseJobDirectory(scratch)).sellaStatus).toBeNull();
    copyFileSync(
      fixture('oact_utils/examples/sella_water_example/job/sella_status.txt'),
      path.join(scratch, 'sella_status.txt'),
    );
    expect((await parseJobDirectory(scratch)).sellaStatus).toEqual({
      status: 'CONVERGED',
      converged: true,
      steps: 3,
      finalFmaxEvPerAngstrom: 0.021567,
    });
  });
});

describe('parseFile edge cases', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'orca-file-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('recognises gzip by its magic bytes whatever the file name', async () => {
    const file = path.join(scratch, 'compressed-without-suffix.out');
    writeFileSync(file, gzipSync(readFileSync(fixture(OUTPUTS.waterOptFreq))));
    const parsed = await parseFile(file);
    expect(parsed.verdict).toMatchObject({ status: 'completed' });
  });

  it('reports a missing file as unreadable instead of throwing', async () => {
    const parsed = await parseFile(path.join(scratch, 'missing.out'));
    expect(parsed.verdict).toMatchObject({ status: 'failed', reason: 'unreadable' });
    expect(parsed.verdict?.detail).toContain('ENOENT');
  });

  it('reports a corrupt .engrad as unreadable with the reason', async () => {
    const file = path.join(scratch, 'bad.engrad');
    writeFileSync(file, '#\n# Number of atoms\n#\n 3\n#\n -76.3\n 0.1\n oops\n');
    const parsed = await parseFile(file);
    expect(parsed.kind).toBe('engrad');
    expect(parsed.verdict).toMatchObject({ status: 'failed', reason: 'unreadable' });
    expect(parsed.verdict?.detail).toContain('oops');
  });

  it('reads a Sella log holding a restarted run', async () => {
    const original = readFileSync(fixture('oact_utils/examples/sella_water_example/job/sella.log'), 'latin1');
    const restart = [
      '     Step     Time          Energy         fmax         cmax       rtrust          rho',
      'Sella   0 09:00:00    -2079.864568       0.0216       0.0000       0.1000       1.0000',
      'Sella   1 09:00:05    -2079.865000       0.0100       0.0000       0.1000       1.0000',
      '',
    ].join('\n');
    const file = path.join(scratch, 'sella.log.gz');
    writeFileSync(file, gzipSync(original + restart));
    const parsed = await parseFile(file);
    if (parsed.kind !== 'sella' || !parsed.sella) throw new Error(`not a Sella log: ${parsed.kind}`);
    expect(parsed.sella).toMatchObject({
      runs: 2,
      stepRows: 6,
      lastStep: 1,
      lastEnergyEv: -2079.865,
      lastFmaxEvPerAngstrom: 0.01,
    });
    expect(parsed.sella.lastFmaxEhBohr).toBeCloseTo((0.01 * 0.529177210903) / 27.211386245988, 15);
  });
});
