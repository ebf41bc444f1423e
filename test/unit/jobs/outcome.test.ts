import { failureTypeOf, jobFailure, type JobEnd } from '../../../src/jobs/outcome';
import { verdictFor } from '../../../src/jobs/verdict';
import { analyzeOrcaOutputSync } from '../../../src/orca/output-report';
import { decideRecovery } from '../../../src/recovery/decide';
import { initialPlan } from '../../../src/recovery/plan';
import { LOST_JOB_REASONS } from '../../../src/schedulers/types';
import { errorTermination } from '../../../src/simulator/orca-format/termination';
import { orca } from '../campaign/support';

function end(overrides: Partial<JobEnd>): JobEnd {
  return { campaignId: 'c1', jobId: 'row-000036', status: 'failed', reason: 'x', attempts: 1, ...overrides };
}

describe('the failure type a job workflow closes with', () => {
  it.each([
    ['error-termination', 'OrcaErrorTermination'],
    ['scf-not-converged', 'OrcaScfNotConverged'],
    ['opt-not-converged', 'OrcaOptNotConverged'],
    ['aborted', 'OrcaAborted'],
    ['error-in-tail', 'OrcaErrorInOutput'],
    ['input-error', 'OrcaInputError'],
    ['unreadable', 'OrcaOutputUnreadable'],
    ['out-of-memory', 'OrcaOutOfMemory'],
    ['no-output', 'OrcaNoOutput'],
    ['no-termination-marker', 'OrcaDidNotTerminate'],
    ['submit-rejected: sbatch: error: invalid partition specified: nope', 'OrcastrateSubmitRejected'],
    ['prepare-failed: EACCES: permission denied, mkdir /data/c1', 'OrcastratePrepareFailed'],
    ['internal-error: activity task timed out', 'OrcastrateInternalError'],
    ...LOST_JOB_REASONS.map((reason) => [reason, 'OrcastrateJobLost']),
  ])('failed with %s → %s', (reason, type) => {
    expect(failureTypeOf('failed', reason)).toBe(type);
  });

  it('names every timeout OrcaTimeout, whatever ended it', () => {
    for (const reason of ['walltime-exceeded', 'stale-output', 'anything-else']) {
      expect(failureTypeOf('timeout', reason)).toBe('OrcaTimeout');
    }
  });

  it('gives a reason it does not know (even one named like an Object property) the generic type', () => {
    for (const reason of ['something-new', 'constructor', 'toString', '__proto__', '']) {
      expect(failureTypeOf('failed', reason)).toBe('OrcaJobFailed');
    }
  });

  it('does not fail completed or cancelled jobs', () => {
    expect(failureTypeOf('completed', 'normal-termination')).toBeUndefined();
    expect(failureTypeOf('cancelled', 'cancelled-by-user')).toBeUndefined();
    expect(failureTypeOf('cancelled', 'cancelled-in-scheduler')).toBeUndefined();
    expect(jobFailure(end({ status: 'completed', reason: 'normal-termination' }))).toBeUndefined();
    expect(jobFailure(end({ status: 'cancelled', reason: 'cancelled-by-user' }))).toBeUndefined();
  });
});

describe('the failure message: the verdict of the job', () => {
  it('a GTOInt error termination, from the output to the message', () => {
    const output = ['                 * O   R   C   A *', ...errorTermination('GTOInt', 'orca_gtoint job')];
    const verdict = verdictFor({ kind: 'reported', exitCode: 1 }, analyzeOrcaOutputSync(output.join('\n')));
    expect(verdict).toMatchObject({ status: 'failed', reason: 'error-termination', errorModule: 'GTOInt' });
    const decision = decideRecovery({
      recovery: { strategy: 'adaptive', maxAttempts: 4 },
      attempt: 1,
      outcome: verdict,
      plan: initialPlan(orca),
      originalMemoryMb: orca.memoryMb,
    });
    expect(decision.kind).toBe('final');
    if (decision.kind !== 'final') return;

    const failure = jobFailure(end({ status: decision.status, reason: decision.reason, verdict }))!;
    expect(failure.type).toBe('OrcaErrorTermination');
    expect(failure.message).toBe(
      'row-000036 of campaign c1 ended failed: error-termination · ORCA module GTOInt · ' +
        'last error: ORCA finished by error termination in GTOInt (module GTOInt) · 1 attempt',
    );
    expect(failure.details).toEqual({
      campaignId: 'c1',
      jobId: 'row-000036',
      status: 'failed',
      reason: 'error-termination',
      attempts: 1,
      errorModule: 'GTOInt',
      detail: 'ORCA finished by error termination in GTOInt (module GTOInt)',
    });
  });

  it('a timeout after three attempts counts them and gives the detail', () => {
    const failure = jobFailure(
      end({
        status: 'timeout',
        reason: 'walltime-exceeded',
        attempts: 3,
        verdict: { status: 'timeout', reason: 'walltime-exceeded', detail: 'killed at the walltime limit' },
      }),
    )!;
    expect(failure.type).toBe('OrcaTimeout');
    expect(failure.message).toBe(
      'row-000036 of campaign c1 ended timeout: walltime-exceeded · last error: killed at the walltime limit · 3 attempts',
    );
    expect(failure.details).not.toHaveProperty('errorModule');
  });

  it("never explains an end by an earlier attempt's verdict", () => {
    // attempt 1 ended scf-not-converged; attempt 2 could not even be prepared
    const failure = jobFailure(
      end({
        reason: 'prepare-failed: disk full',
        attempts: 2,
        verdict: { status: 'failed', reason: 'scf-not-converged', detail: 'an SCF did not converge' },
      }),
    )!;
    expect(failure.type).toBe('OrcastratePrepareFailed');
    expect(failure.message).toBe(
      'row-000036 of campaign c1 ended failed: prepare-failed: disk full · 2 attempts',
    );
    expect(failure.message).not.toContain('SCF');
  });

  it('clips a huge reason so the failure stays readable', () => {
    const failure = jobFailure(end({ reason: `submit-rejected: ${'x'.repeat(10_000)}`, attempts: 1 }))!;
    expect(failure.type).toBe('OrcastrateSubmitRejected');
    expect(failure.message.length).toBeLessThanOrEqual(1_500);
    expect(failure.message.endsWith('…')).toBe(true);
    expect(failure.message.startsWith('row-000036 of campaign c1 ended failed: submit-rejected: xxx')).toBe(
      true,
    );
  });
});
