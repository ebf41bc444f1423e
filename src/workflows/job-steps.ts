import {
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type {
  AttemptConclusion,
  ConcludeAttemptInput,
  JobEndRecord,
  PreparedSubmission,
} from '../activities/job-merged-steps';
import { PREPARE_FAILED, SUBMIT_REJECTED } from '../campaign/submit-rejections';
import type { JobWorkflowInput, PrepareAttemptInput, PreparedAttempt } from '../jobs/types';
import { decideRecovery } from '../recovery/decide';
import { withCheckWarnings } from '../recovery/frequency-check';
import { durableActivity, retryForever } from './activity-options';
import { permanentCause } from './failures';
import { hostBoundJobActivities, jobHostQueue } from './host-queue';
import { jobFinishedSignal } from './messages';

/**
 * Patch id. A job started with it assumes it is fresh (attempt 1, no overrides) and lets its first
 * prepare-and-submit activity check that, loading its start only when not; records an end outside
 * an attempt (a refusal, a cancellation) as a local activity (no activity task, one marker event);
 * evaluates, decides and records a final attempt in one activity: ~25 history events per job
 * instead of ~47. Such a job was started by code that had every earlier job patch, so it records
 * none of their markers.
 */
export const JOB_LOCAL_STEPS_PATCH = 'job-local-steps';

const jobDb = proxyActivities<Activities>(durableActivity('1 minute'));
const jobDbLocal = proxyLocalActivities<Activities>({ startToCloseTimeout: '1 minute', retry: retryForever });

/** The attempt in flight as far as a cancellation needs it: its directory, then its scheduler id. */
export interface AttemptInFlight {
  prepared?: PreparedAttempt;
  schedulerId?: string;
}

export type Submission =
  | { kind: 'submitted'; prepared: PreparedAttempt; schedulerId: string }
  | { kind: 'refused'; reason: string }
  | Extract<PreparedSubmission, { kind: 'not-fresh' }>;

/** What a job on local steps assumes until its first submit says otherwise (see prepareAndSubmitAttempt). */
const FRESH_START = { nextAttempt: 1, overrides: undefined } as const;

/** An attempt's verdict and decision; `recorded`: a final decision is already on the job row. */
export type Conclusion = AttemptConclusion & { recorded: boolean };

export interface JobSteps {
  /** Started with JOB_LOCAL_STEPS_PATCH (so with every earlier job patch). */
  readonly localSteps: boolean;
  readonly scheduler: ReturnType<typeof hostBoundJobActivities>['scheduler'];
  loadStart(job: { campaignId: string; jobId: string }): ReturnType<Activities['loadJobStart']>;
  /** `firstOfRun` (local steps): the attempt is FRESH_START's, to be checked by the submit itself. */
  submit(
    attempt: Omit<PrepareAttemptInput, 'reportWorkflowId'>,
    live: AttemptInFlight,
    firstOfRun: boolean,
  ): Promise<Submission>;
  conclude(attempt: ConcludeAttemptInput): Promise<Conclusion>;
  /** Writes the job's final row and tells its campaign. */
  finish(record: JobEndRecord): Promise<void>;
}

/** Whether this run takes the local steps: ask once, at its start, before any other patch. */
export function startsOnLocalSteps(): boolean {
  return patched(JOB_LOCAL_STEPS_PATCH);
}

/** The job workflow's steps, old or local (startsOnLocalSteps). */
export function jobSteps(input: JobWorkflowInput, localSteps: boolean): JobSteps {
  // a pinned job's files, scheduler job and output are on one host: only its workers touch them
  const hostQueue = localSteps ? input.hostTaskQueue : jobHostQueue(input);
  const { files, scheduler, parser } = hostBoundJobActivities(hostQueue);
  const reportWorkflowId = workflowInfo().workflowId;

  if (localSteps) {
    return {
      localSteps,
      scheduler,
      // checked by the first submit, which loads the start only when the job is not fresh
      loadStart: () => Promise.resolve(FRESH_START),
      async submit(attempt, live, firstOfRun) {
        live.prepared = live.schedulerId = undefined;
        try {
          const submission = await scheduler.prepareAndSubmitAttempt({
            ...attempt,
            reportWorkflowId,
            firstOfRun,
          });
          if (submission.kind === 'submitted') Object.assign(live, submission);
          return submission;
        } catch (error) {
          const step =
            permanentCause(error)?.details?.[0] === PREPARE_FAILED ? PREPARE_FAILED : SUBMIT_REJECTED;
          return refusedOrThrow(error, step);
        }
      },
      async conclude(attempt) {
        const conclusion = await parser.concludeAttempt(attempt);
        return { ...conclusion, recorded: conclusion.decision.kind === 'final' };
      },
      finish: (record) => jobDbLocal.finishJobAndNotify(record),
    };
  }

  return {
    localSteps,
    scheduler,
    loadStart: (job) => jobDb.loadJobStart(job),
    async submit(attempt, live) {
      const ref = { campaignId: attempt.campaignId, jobId: attempt.jobId, attempt: attempt.attempt };
      const { settings, plan } = attempt;
      try {
        live.prepared = await files.prepareAttempt({ ...attempt, reportWorkflowId });
      } catch (error) {
        return refusedOrThrow(error, PREPARE_FAILED);
      }
      const prepared = live.prepared;
      try {
        live.schedulerId = (
          await scheduler.submitAttempt({ ...ref, settings, plan, prepared, reportWorkflowId })
        ).schedulerId;
      } catch (error) {
        return refusedOrThrow(error, SUBMIT_REJECTED);
      }
      return { kind: 'submitted', prepared, schedulerId: live.schedulerId };
    },
    async conclude(attempt) {
      const { campaignId, jobId, prepared, end, staleHours } = attempt;
      const ref = { campaignId, jobId, attempt: attempt.attempt };
      const evaluated = await parser.evaluateAttempt({ ...ref, prepared, end, staleHours });
      const decision = decideRecovery({
        recovery: attempt.recovery,
        attempt: attempt.attempt,
        outcome: evaluated,
        plan: attempt.plan,
        originalMemoryMb: attempt.originalMemoryMb,
        keywordLine: attempt.keywordLine,
      });
      const verdict =
        decision.kind === 'final' ? withCheckWarnings(evaluated, decision.warnings ?? []) : evaluated;
      return { verdict, decision, recorded: false };
    },
    async finish({ campaignWorkflowId, ...outcome }) {
      await jobDb.finishJob(outcome);
      if (!campaignWorkflowId) return;
      try {
        await getExternalWorkflowHandle(campaignWorkflowId).signal(jobFinishedSignal, {
          jobId: outcome.jobId,
          status: outcome.status,
          reason: outcome.reason,
        });
      } catch {
        // The campaign already finished or was terminated: Postgres holds the result either way.
      }
    },
  };
}

/** A permanent refusal becomes the job's failure reason; anything else goes on up. */
function refusedOrThrow(error: unknown, step: string): Submission {
  const refusal = permanentCause(error);
  if (!refusal) throw error;
  return { kind: 'refused', reason: `${step}: ${refusal.message.slice(0, 500)}` };
}
