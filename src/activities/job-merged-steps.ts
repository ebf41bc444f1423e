import * as path from 'node:path';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { RecoverySettings } from '../campaign/input';
import type { JobOverrides } from '../campaign/operator-requests';
import { PREPARE_FAILED } from '../campaign/submit-rejections';
import { attemptDir } from '../jobs/attempt-layout';
import { isClaimedBy } from '../jobs/attempt-owner';
import type { JobOutcome } from '../db';
import type {
  AttemptVerdict,
  EvaluateAttemptInput,
  JobSettings,
  PrepareAttemptInput,
  PreparedAttempt,
} from '../jobs/types';
import { decideRecovery, type RecoveryDecision } from '../recovery/decide';
import { withCheckWarnings } from '../recovery/frequency-check';
import type { AttemptPlan } from '../recovery/plan';
import { jobFinishedSignal } from '../workflows/messages';
import { classifyActivityError } from './failure-classes';
import { currentWorkflowRun, type createJobAttemptActivities } from './job-attempts';

export type PreparedSubmission =
  | { kind: 'submitted'; prepared: PreparedAttempt; schedulerId: string }
  /** Not the job's first attempt after all (an earlier run tried it, or an operator set overrides). */
  | { kind: 'not-fresh'; nextAttempt: number; overrides?: JobOverrides };

export interface ConcludeAttemptInput extends EvaluateAttemptInput {
  recovery: RecoverySettings;
  plan: AttemptPlan;
  originalMemoryMb: number;
  /** The attempt's ORCA keyword line: frequency jobs are checked for imaginary modes (absent: not checked). */
  keywordLine?: string;
  /** The campaign to tell when the job is final (absent for a stand-alone job). */
  campaignWorkflowId?: string;
}

export interface AttemptConclusion {
  verdict: AttemptVerdict;
  /** A final decision is already stored on the job row and told to the campaign. */
  decision: RecoveryDecision;
}

export type JobEndRecord = JobOutcome & { campaignWorkflowId?: string };

/**
 * The job workflow's steps merged so each is one activity (fewer history events per job), built
 * from the single steps; every part is safe to repeat, so each merged activity is too.
 */
export function createMergedJobStepActivities(
  client: Client,
  dataRoot: string,
  steps: ReturnType<typeof createJobAttemptActivities>,
) {
  async function finishJobAndNotify(input: JobEndRecord): Promise<void> {
    const { campaignWorkflowId, ...outcome } = input;
    await steps.finishJob(outcome);
    if (!campaignWorkflowId) return;
    try {
      await client.workflow
        .getHandle(campaignWorkflowId)
        .signal(jobFinishedSignal, { jobId: outcome.jobId, status: outcome.status, reason: outcome.reason });
    } catch (error) {
      // The campaign already finished or was terminated: Postgres holds the result either way.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }

  return {
    /**
     * Prepares the attempt's directory and row, then submits it (both idempotent). `firstOfRun`: the
     * workflow assumed a fresh job (attempt 1, no overrides); unless that holds — or attempt 1 is this
     * run's own from an earlier try of this activity — nothing is done and the job's start returned.
     */
    async prepareAndSubmitAttempt(
      input: PrepareAttemptInput & { settings: JobSettings; firstOfRun?: boolean },
    ): Promise<PreparedSubmission> {
      if (input.firstOfRun) {
        const start = await steps.loadJobStart(input);
        const ownTry = () =>
          start.nextAttempt === input.attempt + 1 &&
          isClaimedBy(
            path.join(dataRoot, attemptDir(input.campaignId, input.jobId, input.attempt)),
            currentWorkflowRun(input.reportWorkflowId),
          );
        if (start.overrides || (start.nextAttempt !== input.attempt && !ownTry())) {
          return { kind: 'not-fresh', ...start };
        }
      }
      let prepared: PreparedAttempt;
      try {
        prepared = await steps.prepareAttempt(input);
      } catch (error) {
        throw markedAsPrepareRefusal(classifyActivityError(error));
      }
      const { schedulerId } = await steps.submitAttempt({ ...input, prepared });
      return { kind: 'submitted', prepared, schedulerId };
    },

    /**
     * The attempt's verdict (stored on its row), the recovery ladder's decision, and — when final —
     * the job's row and the campaign's jobFinished signal, in one activity.
     */
    async concludeAttempt(input: ConcludeAttemptInput): Promise<AttemptConclusion> {
      const { recovery, plan, originalMemoryMb, campaignWorkflowId, keywordLine, ...evaluate } = input;
      const evaluated = await steps.evaluateAttempt(evaluate);
      const decision = decideRecovery({
        recovery,
        attempt: input.attempt,
        outcome: evaluated,
        plan,
        originalMemoryMb,
        keywordLine,
      });
      const verdict =
        decision.kind === 'final' ? withCheckWarnings(evaluated, decision.warnings ?? []) : evaluated;
      if (decision.kind === 'final') {
        await finishJobAndNotify({
          campaignId: input.campaignId,
          jobId: input.jobId,
          status: decision.status,
          reason: decision.reason,
          attempts: input.attempt,
          metrics: verdict.metrics,
          campaignWorkflowId,
        });
      }
      return { verdict, decision };
    },

    /** The job's final row, then the campaign's jobFinished signal (a repeat is ignored by the campaign). */
    finishJobAndNotify,
  };
}

/** A permanent refusal of the prepare step carries PREPARE_FAILED as its detail (else it is the submit's). */
function markedAsPrepareRefusal(error: unknown): unknown {
  if (!(error instanceof ApplicationFailure) || !error.nonRetryable) return error;
  return ApplicationFailure.create({
    type: error.type ?? undefined,
    message: error.message,
    nonRetryable: true,
    details: [PREPARE_FAILED],
    cause: error,
  });
}
