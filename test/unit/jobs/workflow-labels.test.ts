import type { JobSettings } from '../../../src/jobs/types';
import {
  attemptLine,
  jobWorkflowDetails,
  jobWorkflowSummary,
  outcomeLine,
  retryLine,
} from '../../../src/jobs/workflow-labels';
import { orca } from '../campaign/support';

const settings: JobSettings = {
  orca,
  scheduler: {
    kind: 'slurm',
    partition: 'short',
    localConcurrency: 2,
    exportEnv: [],
    exportModuleEnv: false,
  },
  recovery: { strategy: 'adaptive', maxAttempts: 4 },
  graceMinutes: 5,
  pollIntervalSeconds: 30,
};

describe('what a job workflow shows in the Web UI', () => {
  it('a summary naming the row and the campaign, details saying what runs where', () => {
    expect(jobWorkflowSummary('c1', 'row-000036')).toBe('row-000036 · campaign c1');
    expect(jobWorkflowDetails('c1', 'row-000036', settings)).toBe(
      [
        'ORCA job **row-000036** of campaign **c1**',
        '',
        '- input: `! B3LYP def2-SVP OPT`',
        '- resources: 4 cores, 8000 MB, 60 min walltime',
        '- scheduler: slurm / short',
        '- recovery: adaptive, at most 4 attempts',
      ].join('\n'),
    );
  });

  it('one line of current details per stage', () => {
    expect(attemptLine('row-000036', 2, 'running')).toBe('row-000036 · attempt 2 running');
    expect(retryLine('row-000036', 1, 'scf-not-converged')).toBe(
      'row-000036 · attempt 1 scf-not-converged, retrying',
    );
    const failed = {
      campaignId: 'c1',
      jobId: 'row-000036',
      status: 'failed' as const,
      reason: 'error-termination',
      attempts: 1,
      verdict: { status: 'failed' as const, reason: 'error-termination', errorModule: 'GTOInt' },
    };
    expect(outcomeLine(failed)).toBe('row-000036 · failed: error-termination (GTOInt) · 1 attempt');
    expect(
      outcomeLine({
        ...failed,
        status: 'completed',
        reason: 'normal-termination',
        attempts: 2,
        verdict: undefined,
      }),
    ).toBe('row-000036 · completed · 2 attempts');
    // the module of an earlier attempt's verdict is not this end's module
    expect(outcomeLine({ ...failed, reason: 'submit-rejected: no such partition' })).toBe(
      'row-000036 · failed: submit-rejected: no such partition · 1 attempt',
    );
    const long = outcomeLine({
      ...failed,
      reason: `prepare-failed: ${'y'.repeat(1_000)}`,
      verdict: undefined,
    });
    expect(long.length).toBeLessThan(250);
    expect(long).toMatch(/… · 1 attempt$/);
  });
});
