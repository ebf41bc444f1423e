import { condition } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { isFinalSchedulerState } from '../schedulers/types';
import type { AttemptEnd, JobWorkflowInput, PreparedAttempt } from '../jobs/types';
import type { AttemptPlan } from '../recovery/plan';
import type { AttemptReport, SchedulerUpdate } from './messages';

type SchedulerActivities = Pick<Activities, 'outputAgeMs' | 'cancelAttempt' | 'checkAttempt'>;

// A job the scheduler reports as gone ('unknown') may just be between squeue and sacct: ask again
// a few polls later before believing it.
const UNKNOWN_CONFIRMATIONS = 3;

/** Tracks what has been heard about the attempt currently in flight. */
export class AttemptWatch {
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

/** Waits for the attempt's end: its report, the poller's word, or the walltime (then asks the scheduler). */
export async function awaitAttemptEnd(
  watch: AttemptWatch,
  plan: AttemptPlan,
  input: JobWorkflowInput,
  submitted: { prepared: PreparedAttempt; schedulerId: string; scheduler: SchedulerActivities },
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
