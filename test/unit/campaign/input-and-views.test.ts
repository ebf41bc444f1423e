import { InvalidInputError, parseCampaignInput } from '../../../src/campaign/input';
import { emptyStatusCounts } from '../../../src/campaign/statuses';
import type { CampaignReport } from '../../../src/client/campaign-report';
import { completionBar, progressLine } from '../../../src/client/progress';
import { buildCampaignInput } from '../../../src/client/commands/start';
import { renderCampaignReport } from '../../../src/client/status-view';

const minimal = { orca: { keywords: '! r2SCAN-3c OPT', executable: '/opt/orca/orca' } };

describe('campaign input', () => {
  it('fills documented defaults from a minimal JSON input', () => {
    expect(parseCampaignInput(minimal)).toEqual({
      ingest: { preset: 'default', keepColumns: [] },
      orca: {
        keywords: '! r2SCAN-3c OPT',
        executable: '/opt/orca/orca',
        cores: 1,
        memoryMb: 2000,
        walltimeMinutes: 60,
      },
      scheduler: { kind: 'local', localConcurrency: 2, exportEnv: [], exportModuleEnv: false },
      recovery: { strategy: 'adaptive', maxAttempts: 4 },
      maxInFlight: 50,
      maxInFlightPerWorkflow: 1000,
      pollIntervalSeconds: 30,
      graceMinutes: 5,
      continueAsNewAfterJobs: 500,
      pauseAfterSubmitRejections: 3,
      closeAfterHours: 168,
    });
  });

  it('names every bad field, nested ones with their path', () => {
    let problems: string[] = [];
    try {
      parseCampaignInput({
        campaignId: '../etc',
        orca: { keywords: 'B3LYP', executable: 'orca', cores: 0 },
        scheduler: { kind: 'pbs' },
        maxInFlight: 'ten',
      });
    } catch (error) {
      problems = (error as InvalidInputError).problems;
    }
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'campaignId',
      'orca.keywords',
      'orca.executable',
      'orca.cores',
      'scheduler.kind',
      'maxInFlight',
    ]);
  });

  it('refuses a non-object input', () => {
    expect(() => parseCampaignInput('{"orca": 1}')).toThrow(/\(input\)/);
  });

  it('is built by `orcastrate start` from flags over an input file, with absolute paths', () => {
    const input = buildCampaignInput(
      {
        campaign: 'c1',
        csv: 'data/a.csv',
        keywords: '! PBE',
        orca: 'bin/orca',
        cores: 2,
        scheduler: 'slurm',
        follow: false,
      },
      '/home/chem',
    );
    expect(parseCampaignInput(input)).toMatchObject({
      campaignId: 'c1',
      csvPath: '/home/chem/data/a.csv',
      orca: { keywords: '! PBE', executable: '/home/chem/bin/orca', cores: 2 },
      scheduler: { kind: 'slurm' },
    });
  });
});

describe('progress and status views', () => {
  it('draws a completion bar that never overflows', () => {
    expect(completionBar(0, 0, 10)).toBe('[..........]   0%');
    expect(completionBar(1, 3, 10)).toBe('[###.......]  33%');
    expect(completionBar(5, 4, 10)).toBe('[##########] 100%');
  });

  it('summarises counts on one line', () => {
    const counts = { ...emptyStatusCounts(), completed: 3, failed: 1, running: 2, ready: 4 };
    expect(progressLine(counts, 2, 'running')).toMatch(
      /^\[#{12}\.{18}\] {2}40% 4\/10 done \(completed 3, failed 1, timeout 0\) running 2/,
    );
  });

  const NO_VALUES = { n: 0, mean: null, median: null, min: null, max: null };

  it('renders counts with shares, metrics statistics and failures', () => {
    const report: CampaignReport = {
      campaignId: 'demo',
      counts: { ...emptyStatusCounts(), completed: 3, failed: 1 },
      ingest: { good: 4, bad: 2 },
      failureReasons: { 'error-termination': 1 },
      metrics: {
        maxGradientEhBohr: { n: 3, mean: 0.0002, median: 0.0001, min: 0.00005, max: 0.0004 },
        scfCycles: { n: 3, mean: 12, median: 11, min: 9, max: 16 },
        finalEnergyEh: { n: 3, mean: -76.3, median: -76.2, min: -76.5, max: -76.1 },
        homoLumoGapEv: { n: 3, mean: 9.5, median: 9.6, min: 9.1, max: 9.8 },
        gibbsFreeEnergyEh: { n: 2, mean: -76.28, median: -76.28, min: -76.3, max: -76.26 },
        imaginaryModes: { n: 2, mean: 0.5, median: 0.5, min: 0, max: 1 },
        warningCount: NO_VALUES,
      },
      imaginaryModeJobs: 1,
      failed: [
        {
          jobId: 'row-000003',
          rowIndex: 3,
          status: 'failed',
          reason: 'error-termination',
          attempts: 1,
          detail: 'GTOInt',
        },
      ],
    };
    const text = renderCampaignReport(report);
    expect(text).toContain('campaign demo: 4 jobs (2 CSV rows rejected at ingest)');
    expect(text).toMatch(/completed\s+3\s+75\.0%/);
    expect(text).toMatch(/failed\s+1\s+25\.0%/);
    expect(text).toMatch(/SCF cycles\s+3\s+12\.0\s+11\.0\s+9\.0\s+16\.0/);
    expect(text).toMatch(/max force \(Eh\/Bohr\)\s+3\s+2\.00e-4/);
    expect(text).toMatch(/error-termination\s+1/);
    expect(text).toContain('row-000003 (row 3) failed: error-termination after 1 attempt(s) — GTOInt');
    // the properties the outputs printed, and only those
    expect(text).toMatch(/HOMO-LUMO gap \(eV\)\s+3\s+9\.500\s+9\.600\s+9\.100\s+9\.800/);
    expect(text).toMatch(/Gibbs energy \(Eh\)\s+2\s+-76\.280000/);
    expect(text).toContain('1 of 2 frequency jobs have imaginary modes');
    expect(text).not.toContain('warnings');
  });
});
