import { decideRecovery, type DecisionContext } from '../../../src/recovery/decide';
import type { AttemptOutcome } from '../../../src/recovery/handlers';
import { maxcoreMbPerCore } from '../../../src/jobs/orca-resources';
import { initialPlan, type AttemptPlan } from '../../../src/recovery/plan';
import { orca } from './support';

function decide(outcome: AttemptOutcome, overrides: Partial<DecisionContext> = {}) {
  return decideRecovery({
    recovery: { strategy: 'adaptive', maxAttempts: 5 },
    attempt: 1,
    outcome,
    plan: initialPlan(orca),
    originalMemoryMb: orca.memoryMb,
    ...overrides,
  });
}

/** Applies the ladder repeatedly, as the job workflow does, and returns each rung's plan. */
function climb(outcome: AttemptOutcome, rungs: number): AttemptPlan[] {
  const plans: AttemptPlan[] = [];
  let plan = initialPlan(orca);
  for (let attempt = 1; attempt <= rungs; attempt += 1) {
    const decision = decide(outcome, { plan, attempt, recovery: { strategy: 'adaptive', maxAttempts: 20 } });
    if (decision.kind !== 'retry') break;
    plan = decision.plan;
    plans.push(plan);
  }
  return plans;
}

describe('recovery ladder', () => {
  it('keeps completed and cancelled outcomes final', () => {
    expect(decide({ status: 'completed', reason: 'normal-termination' })).toEqual({
      kind: 'final',
      status: 'completed',
      reason: 'normal-termination',
    });
    expect(decide({ status: 'cancelled', reason: 'cancelled-by-user' }).kind).toBe('final');
  });

  it('escalates SCF settings: SlowConv, then VerySlowConv, then another guess, then gives up', () => {
    const plans = climb({ status: 'failed', reason: 'scf-not-converged' }, 10);
    expect(plans.map((p) => [p.extraKeywords.join(' '), p.scfMaxIter, p.scfGuess])).toEqual([
      ['SlowConv', 500, undefined],
      ['VerySlowConv', 1000, undefined],
      ['VerySlowConv', 1000, 'HCore'],
    ]);
  });

  it('on timeout raises the walltime by half and restarts from the last geometry, recording both', () => {
    const decision = decide({ status: 'timeout', reason: 'walltime-exceeded' });
    expect(decision).toEqual({
      kind: 'retry',
      plan: expect.objectContaining({ walltimeMinutes: 90, restartFromLastGeometry: true }) as AttemptPlan,
      corrections: [
        { handler: 'walltime', action: 'raise-walltime-minutes', from: 60, to: 90 },
        { handler: 'walltime', action: 'restart-from-last-geometry' },
      ],
    });
  });

  it('on memory errors raises memory up to 4x, then halves the ranks so %maxcore grows', () => {
    const plans = climb({ status: 'failed', reason: 'out-of-memory' }, 10);
    expect(plans.map((p) => [p.memoryMb, p.cores])).toEqual([
      [12000, 4],
      [18000, 4],
      [27000, 4],
      [27000, 2],
      [27000, 1],
    ]);
    expect(plans.map((p) => maxcoreMbPerCore(p.memoryMb, p.cores))).toEqual([2250, 3375, 5062, 10125, 20250]);
  });

  it('stops at once for input errors and error terminations', () => {
    for (const reason of ['error-termination', 'error-in-tail', 'input-error', 'aborted']) {
      expect(decide({ status: 'failed', reason })).toEqual({ kind: 'final', status: 'failed', reason });
    }
  });

  it('treats an error termination that mentions memory as a memory problem', () => {
    const decision = decide({
      status: 'failed',
      reason: 'error-termination',
      detail: 'Not enough memory available!',
    });
    expect(decision.kind).toBe('retry');
  });

  it('honours maxAttempts and the fail-fast and retry strategies', () => {
    const timeout: AttemptOutcome = { status: 'timeout', reason: 'walltime-exceeded' };
    expect(decide(timeout, { attempt: 5 }).kind).toBe('final');
    expect(decide(timeout, { recovery: { strategy: 'fail-fast', maxAttempts: 5 } })).toEqual({
      kind: 'final',
      status: 'timeout',
      reason: 'walltime-exceeded',
    });
    const retry = decide(timeout, { recovery: { strategy: 'retry', maxAttempts: 5 } });
    expect(retry).toEqual({
      kind: 'retry',
      plan: initialPlan(orca),
      corrections: [{ handler: 'retry', action: 'resubmit-unchanged' }],
    });
    expect(
      decide(
        { status: 'failed', reason: 'error-termination' },
        { recovery: { strategy: 'retry', maxAttempts: 5 } },
      ).kind,
    ).toBe('final');
  });

  it('stops an optimisation ladder only at maxAttempts', () => {
    const plans = climb({ status: 'failed', reason: 'opt-not-converged' }, 3);
    expect(plans).toHaveLength(3);
    expect(plans.every((p) => p.restartFromLastGeometry)).toBe(true);
  });
});
