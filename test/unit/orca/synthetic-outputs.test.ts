import { readFileSync } from 'node:fs';
import { analyzeOrcaOutput, analyzeOrcaOutputSync } from '../../../src/orca';
import { OUTPUTS, fixture } from './fixture-paths';

const BANNER = [
  '                                 *****************',
  '                                 * O   R   C   A *',
  '',
  '                   Program Version 5.0.3 -  RELEASE  -',
  '',
];

function output(...lines: string[]): string {
  return [...BANNER, ...lines, ''].join('\n');
}

const NORMAL_END = [
  '                             ****ORCA TERMINATED NORMALLY****',
  'TOTAL RUN TIME: 0 days 0 hours 0 minutes 4 seconds 176 msec',
];

function table(maxGradient: string, converged: 'YES' | 'NO'): string[] {
  return [
    '          ----------------------|Geometry convergence|-------------------------',
    '          Item                value                   Tolerance       Converged',
    `          MAX gradient        ${maxGradient}            0.0003000000      ${converged}`,
  ];
}

describe('final single point energy', () => {
  it('reads the value of a labelled line such as FINAL SINGLE POINT ENERGY (QM/QM2)', () => {
    const { metrics } = analyzeOrcaOutputSync(
      output(
        'FINAL SINGLE POINT ENERGY       -10.000000000000',
        'FINAL SINGLE POINT ENERGY (QM/QM2)     -1234.567890123456',
        ...NORMAL_END,
      ),
    );
    expect(metrics.finalEnergyEh).toBe(-1234.567890123456);
    expect(metrics.finalEnergyLabel).toBe('QM/QM2');
    expect(metrics.energyEvaluations).toBe(2);
  });
});

describe('multi-job inputs ($new_job)', () => {
  const firstJob = [
    '|  1> ! PBE def2-SVP Opt',
    '|  2> * xyz 0 1',
    '|  5> $new_job',
    '|  6> ! PBE def2-TZVP',
    '|  7> * xyz 0 1',
  ];
  const banner2 = '                 $$$$$$$$$$$$$$$$  JOB NUMBER  2 $$$$$$$$$$$$$$';

  it('counts the jobs and keeps per-job energies', () => {
    const { verdict, metrics } = analyzeOrcaOutputSync(
      output(
        ...firstJob,
        'SCF CONVERGED AFTER  12 CYCLES',
        'FINAL SINGLE POINT ENERGY      -100.000000000000',
        ...table('0.0001000000', 'YES'),
        '                    ***        THE OPTIMIZATION HAS CONVERGED     ***',
        'SCF CONVERGED AFTER   3 CYCLES',
        'FINAL SINGLE POINT ENERGY      -100.100000000000',
        banner2,
        'SCF CONVERGED AFTER   7 CYCLES',
        'FINAL SINGLE POINT ENERGY      -100.200000000000',
        ...NORMAL_END,
      ),
    );
    expect(verdict).toMatchObject({ status: 'completed', reason: 'normal-termination' });
    expect(metrics.jobsRequested).toBe(2);
    expect(metrics.jobs.map((job) => [job.number, job.finalEnergyEh, job.energyEvaluations])).toEqual([
      [1, -100.1, 2],
      [2, -100.2, 1],
    ]);
    expect(metrics.scfCycles).toBe(22);
    expect(metrics.optimization).toMatchObject({ cycles: 1, converged: true });
  });

  it('fails with opt-not-converged when one job optimized without converging, despite normal termination', () => {
    const { verdict, metrics } = analyzeOrcaOutputSync(
      output(
        ...firstJob,
        'FINAL SINGLE POINT ENERGY      -100.000000000000',
        banner2,
        'FINAL SINGLE POINT ENERGY      -100.200000000000',
        ...table('0.0200000000', 'NO'),
        ...NORMAL_END,
      ),
    );
    expect(verdict).toMatchObject({ status: 'failed', reason: 'opt-not-converged' });
    expect(metrics.optimization.converged).toBe(false);
  });
});

describe('Mulliken header variants', () => {
  it('reads the ORCA 3 "AND SPIN DENSITIES" block and its sums', () => {
    const { metrics } = analyzeOrcaOutputSync(
      output(
        '-------------------------------------------',
        'MULLIKEN ATOMIC CHARGES AND SPIN DENSITIES',
        '-------------------------------------------',
        '   0 O :   -0.250000    0.750000',
        '   1 H :    0.250000    0.250000',
        'Sum of atomic charges         :    0.0000000',
        'Sum of atomic spin densities  :    1.0000000',
        '',
        '----------------------------------',
        'MULLIKEN REDUCED ORBITAL CHARGES',
      ),
    );
    expect(metrics.mulliken).toEqual({
      header: 'MULLIKEN ATOMIC CHARGES AND SPIN DENSITIES',
      atoms: [
        { index: 0, element: 'O', charge: -0.25, spin: 0.75 },
        { index: 1, element: 'H', charge: 0.25, spin: 0.25 },
      ],
      chargeSum: 0,
      spinSum: 1,
    });
  });
});

describe('error words in healthy runs', () => {
  const healthy = readFileSync(fixture(OUTPUTS.dvbOpt42), 'latin1');

  it('MPI/UCX ERROR lines and batch-system lines after a normal termination do not fail the run', () => {
    const text =
      healthy +
      '[1622664097.335061] [node:4143 :0]   sys.c:618  UCX  ERROR shmget(size=2097152) failed\n' +
      'ERROR: something the batch system printed\n' +
      'slurmstepd: error: *** JOB 4242 ON node12 CANCELLED AT 2026-01-01T00:00:00 ***\n';
    expect(analyzeOrcaOutputSync(text).verdict).toMatchObject({ status: 'completed' });
  });

  it('an output cut right after "Startup error DIISStart" / "Last DIIS Error" lines is running', () => {
    const orca61 = readFileSync(fixture(OUTPUTS.amoOpt61), 'latin1');
    const cut = orca61.indexOf('Last DIIS Error');
    expect(cut).toBeGreaterThan(0);
    const prefix = orca61.slice(0, orca61.indexOf('\n', cut) + 1);
    expect(prefix).toContain('DIISStart');
    expect(analyzeOrcaOutputSync(prefix).verdict).toMatchObject({ status: 'running', reason: 'in-progress' });
  });

  it('an error line at the very end of an unterminated run is error-in-tail', () => {
    const text = output(
      '|  1> ! HF',
      'something',
      '[file orca_main/main_util.cpp, line 1]: Error : basis set not found',
    );
    expect(analyzeOrcaOutputSync(text).verdict).toMatchObject({
      status: 'failed',
      reason: 'error-in-tail',
      detail: '[file orca_main/main_util.cpp, line 1]: Error : basis set not found',
    });
  });

  it('an SCF that did not converge fails the run even when ORCA went on and terminated normally', () => {
    const text = healthy.replace(
      'SCF CONVERGED AFTER',
      '               *        SCF NOT CONVERGED AFTER 125 CYCLES         *\nSCF CONVERGED AFTER',
    );
    expect(analyzeOrcaOutputSync(text).verdict).toMatchObject({
      status: 'failed',
      reason: 'scf-not-converged',
    });
  });

  it('"aborting the run" without an error-termination line is aborted', () => {
    const text = output(
      '|  1> ! HF',
      'FINAL SINGLE POINT ENERGY      -1.000000000000',
      '  .... aborting the run',
    );
    expect(analyzeOrcaOutputSync(text).verdict).toMatchObject({ status: 'failed', reason: 'aborted' });
  });
});

describe('stream and text entry points', () => {
  it('accepts an async iterable of string chunks and never rejects when it fails', async () => {
    async function* broken(): AsyncGenerator<string> {
      yield output('SCF CONVERGED AFTER   3 CYCLES');
      await Promise.resolve();
      throw new Error('connection reset');
    }
    const report = await analyzeOrcaOutput(broken());
    expect(report.verdict).toMatchObject({ status: 'failed', reason: 'unreadable' });
    expect(report.verdict.detail).toContain('connection reset');
    expect(report.metrics.scfCycles).toBe(3);
  });

  it('uses the mtime passed in to tell running from timeout', async () => {
    const text = output('SCF CONVERGED AFTER   3 CYCLES');
    const now = Date.UTC(2026, 0, 1, 12);
    const hour = 3_600_000;
    expect((await analyzeOrcaOutput(text, { mtime: now - hour, now })).verdict.status).toBe('running');
    expect((await analyzeOrcaOutput(text, { mtime: now - 7 * hour, now })).verdict).toMatchObject({
      status: 'timeout',
      reason: 'stale-output',
    });
    expect((await analyzeOrcaOutput(text, { mtime: now - hour, now, staleHours: 0.5 })).verdict.status).toBe(
      'timeout',
    );
  });
});
