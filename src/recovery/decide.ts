import type { RecoverySettings } from '../campaign/input';
import type { JobStatus } from '../campaign/statuses';
import {
  memoryHandler,
  optimizationNotConverged,
  scfNotConverged,
  walltimeExceeded,
  type AttemptOutcome,
  type RecoveryHandler,
} from './handlers';
import type { AttemptPlan, Correction } from './plan';

export type RecoveryDecision =
  | {
      kind: 'final';
      status: Extract<JobStatus, 'completed' | 'failed' | 'timeout' | 'cancelled'>;
      reason: string;
    }
  | { kind: 'retry'; plan: AttemptPlan; corrections: Correction[] };

/** Reasons that no retry can fix: the input itself is wrong, or ORCA says so. */
const NON_RECOVERABLE = new Set([
  'error-termination',
  'error-in-tail',
  'input-error',
  'unreadable',
  'aborted',
]);

export interface DecisionContext {
  recovery: RecoverySettings;
  /** 1-based number of the attempt that just ended. */
  attempt: number;
  outcome: AttemptOutcome;
  plan: AttemptPlan;
  originalMemoryMb: number;
}

export function decideRecovery(context: DecisionContext): RecoveryDecision {
  const { recovery, attempt, outcome, plan } = context;
  const final: RecoveryDecision = { kind: 'final', status: outcome.status, reason: outcome.reason };
  if (outcome.status === 'completed' || outcome.status === 'cancelled') return final;
  if (recovery.strategy === 'fail-fast' || attempt >= recovery.maxAttempts) return final;
  if (NON_RECOVERABLE.has(outcome.reason) && !isMemoryProblem(outcome, context.originalMemoryMb))
    return final;

  if (recovery.strategy === 'retry') {
    return {
      kind: 'retry',
      plan: { ...plan, restartFromLastGeometry: false },
      corrections: [{ handler: 'retry', action: 'resubmit-unchanged' }],
    };
  }
  const handlers = adaptiveHandlers(context.originalMemoryMb);
  const handler = handlers.find((h) => h.matches(outcome));
  const fix = handler?.correct(plan);
  return fix ? { kind: 'retry', ...fix } : final;
}

function adaptiveHandlers(originalMemoryMb: number): RecoveryHandler[] {
  return [memoryHandler(originalMemoryMb), scfNotConverged, walltimeExceeded, optimizationNotConverged];
}

function isMemoryProblem(outcome: AttemptOutcome, originalMemoryMb: number): boolean {
  return memoryHandler(originalMemoryMb).matches(outcome);
}
