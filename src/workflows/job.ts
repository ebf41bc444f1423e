import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { isFinalSchedulerState } from '../schedulers/types';
import { PREPARE_FAILED, SUBMIT_REJECTED } from '../campaign/submit-rejections';
import type { AttemptEnd, AttemptVerdict, JobWorkflowInput, PreparedAttempt } from '../jobs/types';
import { INTERNAL_ERROR, type FinalJobStatus, type JobEnd } from '../jobs/outcome';
import { decideRecovery } from '../recovery/decide';
import { initialPlan, type AttemptPlan, type Correction } from '../recovery/plan';
import { applyOverrides } from '../recovery/operator-overrides';
import {
  attemptReportSignal,
  isAttemptReport,
  isSchedulerUpdate,
  jobFinishedSignal,
  schedulerUpdateSignal,
  type AttemptReport,
  type JobFinished,
  type SchedulerUpdate,
} from './messages';
import { describeFailure, permanentCause } from './failures';
import { validateJobInput } from './input-validation';
import { durableActivity } from './activity-options';
import { closeJob, JobStatusBoard } from './job-outcome';
import { hostBoundJobActivities, jobHostQueue } from './host-queue';

const jobDb = proxyActivities<Activities>(durableActivity('1 minute'));

type HostBoundActivities = ReturnType<typeof hostBoundJobActivities>;

// A job the scheduler reports as gone ('unknown') may just be between squeue and sacct: ask again
// a few polls later before believing it.
const UNKNOWN_CONFIRMATIONS = 3;

/** Tracks what has been heard about the attempt currently in flight. */
class AttemptWatch {
  report?: AttemptReport;
  final?: SchedulerUpdate;
  runningSince?: number;
  unknownSeen = 0;
  /** The scheduler accepted this attempt (its status may be shown as submitted or running). */
  submitted = false;

  constructor(readonly attempt: number) {}

  onReport(report: AttemptReport): void {
    if (report.attempt === this.attempt && !this.report) this.report = report;
  }

  onSchedulerUpdate(update: SchedulerUpdate): void {
    if (update.attempt !== this.attempt) return;
    if (update.state === 'running' && this.runningSince === undefined) this.runningSince = Date.now();
    if (update.state === 'unknown') this.unknownSeen += 1;
    if (isFinalSchedulerState(update.state) || this.unknownSeen >= UNKNOWN_CONFIRMATIONS)
      this.final ??= update;
  }

  ended(): AttemptEnd | undefined {
    if (this.report) return { kind: 'reported', exitCode: this.report.exitCode };
    const final = this.final;
    if (final && (isFinalSchedulerState(final.state) || final.state === 'unknown')) {
      return { kind: 'scheduler', state: final.state, exitCode: final.exitCode, lost: final.lost };
    }
    return undefined;
  }
}

/** One ORCA job: prepare -> submit -> await its end -> verdict -> retry per the recovery ladder -> store. */
export async function orcaJob(rawInput: JobWorkflowInput): Promise<JobFinished> {
  const input = validateJobInput(rawInput);
  const { campaignId, jobId, settings } = input;
  // a pinned job's files, scheduler job and output are on one host: only its workers touch them
  const { files, scheduler, parser } = hostBoundJobActivities(jobHostQueue(input));
  const board = new JobStatusBoard(jobId);
  const start = await jobDb.loadJobStart({ campaignId, jobId });
  let attempt = start.nextAttempt;
  // An operator's overrides (from a reset or retry) shape the first plan and are its corrections.
  const overridden = applyOverrides(initialPlan(settings.orca), start.overrides, settings.orca.keywords);
  let plan: AttemptPlan = overridden.plan;
  let corrections: Correction[] = overridden.corrections;
  let watch = new AttemptWatch(attempt);
  let prepared: PreparedAttempt | undefined;
  let schedulerId: string | undefined;

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
      const ended = await finish(input, board, 'failed', reason, attempt, undefined);
      closeJob(ended, error); // with its patch, this fails the workflow with the job's failure
      throw error;
    }
    await CancellationScope.nonCancellable(async () => {
      if (prepared && schedulerId) {
        await scheduler.cancelAttempt({ campaignId, jobId, attempt, settings, prepared, schedulerId });
      }
      await finish(input, board, 'cancelled', 'cancelled-by-user', attempt, undefined);
    });
    throw error;
  }
  // outside the try: a failed job's failure must not be taken for an internal error
  return closeJob(end);

  async function runAttempts(): Promise<JobEnd> {
    for (;;) {
      watch = new AttemptWatch(attempt);
      const ref = { campaignId, jobId, attempt };
      try {
        prepared = await files.prepareAttempt({
          ...ref,
          settings,
          plan,
          corrections,
          reportWorkflowId: workflowInfo().workflowId,
        });
      } catch (error) {
        const refusal = permanentRefusal(error);
        if (!refusal) throw error;
        return await finish(input, board, 'failed', `${PREPARE_FAILED}: ${refusal}`, attempt, undefined);
      }
      try {
        schedulerId = (
          await scheduler.submitAttempt({
            ...ref,
            settings,
            plan,
            prepared,
            reportWorkflowId: workflowInfo().workflowId,
          })
        ).schedulerId;
      } catch (error) {
        const refusal = permanentRefusal(error);
        if (!refusal) throw error;
        return await finish(input, board, 'failed', `${SUBMIT_REJECTED}: ${refusal}`, attempt, undefined);
      }
      watch.submitted = true;
      // the poller may have seen the job run before the submit activity's result arrived
      board.attempt(attempt, watch.runningSince === undefined ? 'submitted' : 'running');
      const end = await awaitAttemptEnd(watch, plan, input, { prepared, schedulerId, scheduler });
      const verdict: AttemptVerdict = await parser.evaluateAttempt({ ...ref, prepared, end, staleHours: 6 });
      const decision = decideRecovery({
        recovery: settings.recovery,
        attempt,
        outcome: verdict,
        plan,
        originalMemoryMb: settings.orca.memoryMb,
      });
      if (decision.kind === 'final') {
        return await finish(input, board, decision.status, decision.reason, attempt, verdict);
      }
      board.retrying(attempt, verdict.reason);
      plan = decision.plan;
      corrections = decision.corrections;
      attempt += 1;
    }
  }
}

async function awaitAttemptEnd(
  watch: AttemptWatch,
  plan: AttemptPlan,
  input: JobWorkflowInput,
  submitted: { prepared: PreparedAttempt; schedulerId: string; scheduler: HostBoundActivities['scheduler'] },
): Promise<AttemptEnd> {
  const { prepared, schedulerId, scheduler } = submitted;
  const { settings } = input;
  const target = {
    campaignId: input.campaignId,
    jobId: input.jobId,
    attempt: watch.attempt,
    settings,
    prepared,
    schedulerId,
  };
  const allowanceMs = (plan.walltimeMinutes + settings.graceMinutes) * 60_000;
  const recheckMs = Math.max(settings.pollIntervalSeconds * 1000, 5_000);
  const staleMs =
    settings.staleOutputMinutes === undefined ? undefined : settings.staleOutputMinutes * 60_000;
  let notBefore = 0;
  let nextStaleCheck: number | undefined;
  for (;;) {
    if (watch.runningSince === undefined) {
      // Queued: no timer runs until the scheduler says the job started (or it ends).
      await condition(() => watch.ended() !== undefined || watch.runningSince !== undefined);
      const ended = watch.ended();
      if (ended) return ended;
      continue;
    }
    const deadline = Math.max(watch.runningSince + allowanceMs, notBefore);
    if (staleMs !== undefined) nextStaleCheck ??= watch.runningSince + staleMs;
    const wakeAt = Math.min(deadline, nextStaleCheck ?? Infinity);
    await condition(() => watch.ended() !== undefined, Math.max(1, wakeAt - Date.now()));
    const ended = watch.ended();
    if (ended) return ended;
    const now = Date.now();

    if (staleMs !== undefined && nextStaleCheck !== undefined && now >= nextStaleCheck && now < deadline) {
      const ageMs = await scheduler.outputAgeMs(target);
      if (ageMs !== null && ageMs >= staleMs) {
        await scheduler.cancelAttempt(target);
        return { kind: 'stale-output', ageMinutes: Math.round(ageMs / 60_000) };
      }
      nextStaleCheck = now + Math.max(staleMs - (ageMs ?? 0), recheckMs);
      continue;
    }
    if (now < deadline) continue;

    // Walltime + grace is over, yet nothing said the job ended: ask the scheduler directly.
    const status = await scheduler.checkAttempt(target);
    if (status.state === 'unreachable' || status.state === 'pending') {
      notBefore = Date.now() + recheckMs; // an outage never times a job out
      continue;
    }
    if (isFinalSchedulerState(status.state)) {
      return { kind: 'scheduler', state: status.state, exitCode: status.exitCode, lost: status.lost };
    }
    await scheduler.cancelAttempt(target);
    return { kind: 'walltime-exceeded' };
  }
}

/** Writes the job's final row, tells the campaign, and shows the outcome; the workflow closes after it. */
async function finish(
  input: JobWorkflowInput,
  board: JobStatusBoard,
  status: FinalJobStatus,
  reason: string,
  attempts: number,
  verdict: AttemptVerdict | undefined,
): Promise<JobEnd> {
  await jobDb.finishJob({
    campaignId: input.campaignId,
    jobId: input.jobId,
    status,
    reason,
    attempts,
    metrics: verdict?.metrics,
  });
  const finished: JobFinished = { jobId: input.jobId, status, reason };
  if (input.campaignWorkflowId) {
    try {
      await getExternalWorkflowHandle(input.campaignWorkflowId).signal(jobFinishedSignal, finished);
    } catch {
      // The campaign already finished or was terminated: Postgres holds the result either way.
    }
  }
  const end: JobEnd = { campaignId: input.campaignId, jobId: input.jobId, status, reason, attempts, verdict };
  board.ended(end);
  return end;
}

/** The message of a non-retryable activity failure (a permanent refusal), or undefined. */
function permanentRefusal(error: unknown): string | undefined {
  return permanentCause(error)?.message.slice(0, 500);
}
