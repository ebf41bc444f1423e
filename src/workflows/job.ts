import { CancellationScope, isCancellation, patched, setHandler } from '@temporalio/workflow';
import type { AttemptVerdict, JobWorkflowInput } from '../jobs/types';
import { INTERNAL_ERROR, type FinalJobStatus, type JobEnd } from '../jobs/outcome';
import { initialPlan, type AttemptPlan, type Correction } from '../recovery/plan';
import { applyOverrides } from '../recovery/operator-overrides';
import {
  attemptReportSignal,
  isAttemptReport,
  isSchedulerUpdate,
  schedulerUpdateSignal,
  type JobFinished,
} from './messages';
import { describeFailure } from './failures';
import { validateJobInput } from './input-validation';
import { closeJob, JobStatusBoard } from './job-outcome';
import { AttemptWatch, awaitAttemptEnd } from './job-attempt-end';
import { jobSteps, startsOnLocalSteps, type AttemptInFlight, type JobSteps } from './job-steps';

/** Patch id: completed attempts checked for imaginary modes (warning or displaced re-optimisation). */
const FREQUENCY_CHECK_PATCH = 'frequency-check';
/** One ORCA job: prepare -> submit -> await its end -> verdict -> retry per the recovery ladder -> store. */
export async function orcaJob(rawInput: JobWorkflowInput): Promise<JobFinished> {
  // decided first: a job on local steps records no marker of the earlier job patches
  const localSteps = startsOnLocalSteps();
  const input = validateJobInput(rawInput, localSteps);
  const { campaignId, jobId, settings } = input;
  const steps = jobSteps(input, localSteps);
  const board = new JobStatusBoard(jobId, localSteps);
  const start = await steps.loadStart({ campaignId, jobId });
  let attempt = start.nextAttempt;
  // An operator's overrides (from a reset or retry) shape the first plan and are its corrections.
  const keywords = settings.orca.keywords;
  const overridden = applyOverrides(initialPlan(settings.orca), start.overrides, keywords);
  let firstOfRun = localSteps;
  let plan: AttemptPlan = overridden.plan;
  let corrections: Correction[] = overridden.corrections;
  let watch = new AttemptWatch(attempt);
  const live: AttemptInFlight = {};

  setHandler(attemptReportSignal, (report) => {
    if (isAttemptReport(report)) watch.onReport(report);
  });
  setHandler(schedulerUpdateSignal, (update) => {
    if (!isSchedulerUpdate(update)) return;
    watch.onSchedulerUpdate(update);
    if (watch.runningSince !== undefined && watch.submitted && !watch.ended()) {
      board.attempt(watch.attempt, 'running');
    }
  });

  let end: JobEnd;
  try {
    end = await runAttempts();
  } catch (error) {
    if (!isCancellation(error)) {
      // Whatever broke, the campaign must hear that this job is over, or its window never frees.
      const reason = `${INTERNAL_ERROR}: ${describeFailure(error)}`;
      const ended = await finish(steps, input, board, 'failed', reason, attempt, undefined);
      closeJob(ended, error, localSteps); // with its patch, this fails the workflow with the job's failure
      throw error;
    }
    await CancellationScope.nonCancellable(async () => {
      const { prepared, schedulerId } = live;
      if (prepared && schedulerId) {
        await steps.scheduler.cancelAttempt({ campaignId, jobId, attempt, settings, prepared, schedulerId });
      }
      await finish(steps, input, board, 'cancelled', 'cancelled-by-user', attempt, undefined);
    });
    throw error;
  }
  // outside the try: a failed job's failure must not be taken for an internal error
  return closeJob(end, undefined, localSteps);

  async function runAttempts(): Promise<JobEnd> {
    for (;;) {
      watch = new AttemptWatch(attempt);
      const ref = { campaignId, jobId, attempt };
      const submission = await steps.submit({ ...ref, settings, plan, corrections }, live, firstOfRun);
      firstOfRun = false;
      if (submission.kind === 'not-fresh') {
        attempt = submission.nextAttempt;
        ({ plan, corrections } = applyOverrides(initialPlan(settings.orca), submission.overrides, keywords));
        continue;
      }
      if (submission.kind === 'refused') {
        return await finish(steps, input, board, 'failed', submission.reason, attempt, undefined);
      }
      const { prepared, schedulerId } = submission;
      watch.submitted = true;
      // the poller may have seen the job run before the submit activity's result arrived
      board.attempt(attempt, watch.runningSince === undefined ? 'submitted' : 'running');
      const end = await awaitAttemptEnd(watch, plan, input, {
        prepared,
        schedulerId,
        scheduler: steps.scheduler,
      });
      const { verdict, decision, recorded } = await steps.conclude({
        ...ref,
        prepared,
        end,
        staleHours: 6,
        recovery: settings.recovery,
        plan,
        originalMemoryMb: settings.orca.memoryMb,
        campaignWorkflowId: input.campaignWorkflowId,
        // jobs on local steps were started by code that has the frequency check: no marker needed
        keywordLine: localSteps || patched(FREQUENCY_CHECK_PATCH) ? prepared.keywordLine : undefined,
      });
      if (decision.kind === 'final') {
        const { status, reason } = decision;
        if (recorded) return ended(input, board, status, reason, attempt, verdict);
        return await finish(steps, input, board, status, reason, attempt, verdict);
      }
      board.retrying(attempt, decision.reason ?? verdict.reason);
      plan = decision.plan;
      corrections = decision.corrections;
      attempt += 1;
    }
  }
}

/** Writes the job's final row, tells the campaign, and shows the outcome; the workflow closes after it. */
async function finish(
  steps: JobSteps,
  input: JobWorkflowInput,
  board: JobStatusBoard,
  status: FinalJobStatus,
  reason: string,
  attempts: number,
  verdict: AttemptVerdict | undefined,
): Promise<JobEnd> {
  await steps.finish({
    campaignId: input.campaignId,
    jobId: input.jobId,
    status,
    reason,
    attempts,
    metrics: verdict?.metrics,
    campaignWorkflowId: input.campaignWorkflowId,
  });
  return ended(input, board, status, reason, attempts, verdict);
}

/** The job's end (its row written, its campaign told), shown on the board. */
function ended(
  input: JobWorkflowInput,
  board: JobStatusBoard,
  status: FinalJobStatus,
  reason: string,
  attempts: number,
  verdict: AttemptVerdict | undefined,
): JobEnd {
  const end: JobEnd = { campaignId: input.campaignId, jobId: input.jobId, status, reason, attempts, verdict };
  board.ended(end);
  return end;
}
