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
import { checkFrequencies, displacedReoptimization } from './frequency-check';
import type { AttemptPlan, Correction } from './plan';

export type RecoveryDecision =
  | {
      kind: 'final';
      status: Extract<JobStatus, 'completed' | 'failed' | 'timeout' | 'cancelled'>;
      reason: string;
      /** Warnings of the chemistry checks about a completed job (e.g. `imaginary-modes: 2`). */
      warnings?: string[];
    }
  | { kind: 'retry'; plan: AttemptPlan; corrections: Correction[]; reason?: string };

type FinalDecision = Extract<RecoveryDecision, { kind: 'final' }>;

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
  /**
   * The simple-input line the attempt ran with: given, a completed attempt that requested
   * frequencies is checked for imaginary modes (see frequency-check.ts).
   */
  keywordLine?: string;
}

export function decideRecovery(context: DecisionContext): RecoveryDecision {
  const { recovery, attempt, outcome, plan } = context;
  const final: FinalDecision = { kind: 'final', status: outcome.status, reason: outcome.reason };
  if (outcome.status === 'completed') return completedDecision(context, final);
  if (outcome.status === 'cancelled') return final;
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

/**
 * A completed attempt stays final unless its frequencies contradict what was searched for: then it
 * is completed with a warning or, with adaptive recovery and attempts left, re-optimised once from
 * the geometry displaced along the offending mode.
 */
function completedDecision(context: DecisionContext, final: FinalDecision): RecoveryDecision {
  const { keywordLine, recovery, attempt, plan } = context;
  if (keywordLine === undefined) return final;
  const check = checkFrequencies(keywordLine, context.outcome.metrics?.properties);
  if (check.kind !== 'warning') return final;
  const reoptimize =
    recovery.strategy === 'adaptive' && attempt < recovery.maxAttempts && check.followCm1 !== undefined
      ? displacedReoptimization(plan, keywordLine, attempt, check.followCm1)
      : undefined;
  if (reoptimize) return { kind: 'retry', ...reoptimize, reason: check.warning };
  return { ...final, warnings: [check.warning] };
}

function adaptiveHandlers(originalMemoryMb: number): RecoveryHandler[] {
  return [memoryHandler(originalMemoryMb), scfNotConverged, walltimeExceeded, optimizationNotConverged];
}

function isMemoryProblem(outcome: AttemptOutcome, originalMemoryMb: number): boolean {
  return memoryHandler(originalMemoryMb).matches(outcome);
}
