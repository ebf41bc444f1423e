import {
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import { campaignKey } from '../campaign/search-attributes';
import { emptyStatusCounts, type StatusCounts } from '../campaign/statuses';
import { SubmitRejectionTracker } from '../campaign/submit-rejections';
import type { JobSettings } from '../jobs/types';
import { campaignStatusQuery, jobFinishedSignal, isJobFinished, type CampaignStatus } from './messages';
import { auditAction } from './campaign-audit';
import { registerOperatorHandlers, type CampaignControlState } from './campaign-controls';
import { db, ingest } from './campaign-activities';
import { hostBoundCampaignActivities, pinLocalHost } from './host-queue';
import { cancelCampaignJobs } from './campaign-cancel';
import { startJobWorkflow } from './campaign-job-start';
import type { CampaignCarry, CampaignSummary } from './campaign-types';
import { ProgressPublisher } from './campaign-progress';
import { asWorkflowFailure } from './failures';
import { validateCampaignInput } from './input-validation';

export type { CampaignCarry, CampaignSummary } from './campaign-types';

/** Patch ids: behaviour added while campaigns may be running (see Temporal's patching). */
const PREREQUISITES_PATCH = 'campaign-prerequisites';
const CANCEL_CASCADE_PATCH = 'campaign-cancel-cascade';
const FILL_STOPS_ON_PAUSE_PATCH = 'campaign-fill-stops-on-pause';
/** Campaigns whose jobs are all final stay open as `settled` (closeAfterHours, or a close). */
const SETTLED_PHASE_PATCH = 'campaign-settled-phase';

const HISTORY_EVENTS_BEFORE_CONTINUE = 10_000;

/** A campaign: ingest (or attach), keep at most maxInFlight job workflows running, poll the scheduler in one batch. */
export async function campaign(rawInput: unknown, carry?: CampaignCarry): Promise<CampaignSummary> {
  const info = workflowInfo();
  const { settings, campaignId, strict } = validateCampaignInput(
    rawInput,
    info.workflowId,
    carry?.lenientInput,
  );
  const jobSettings: JobSettings = {
    orca: settings.orca,
    scheduler: settings.scheduler,
    recovery: settings.recovery,
    graceMinutes: settings.graceMinutes,
    pollIntervalSeconds: settings.pollIntervalSeconds,
    staleOutputMinutes: settings.staleOutputMinutes,
  };

  const inFlight = new Set(carry?.inFlight ?? []);
  let cursor = carry?.cursor ?? 0;
  const state: CampaignControlState = {
    paused: carry?.paused ?? false,
    pauseReason: carry?.pauseReason,
    cancelling: false,
    closeRequested: carry?.closeRequested ?? false,
    closing: false,
    maxInFlight: carry?.maxInFlight ?? settings.maxInFlight,
    rescanRequested: carry?.rescanRequested ?? false,
    wake: false,
  };
  let counts = emptyStatusCounts();
  const progress = new ProgressPublisher();
  // A pause (e.g. after refused submissions) also stops a window fill that is under way.
  const stopFillOnPause = patched(FILL_STOPS_ON_PAUSE_PATCH);
  let finishedThisRun = 0;
  let phase: CampaignStatus['phase'] = carry ? 'running' : 'ingesting';
  let closesAt: string | undefined;
  let ingested = carry?.ingested ?? { good: 0, bad: 0 };
  const generation = (carry?.generation ?? 0) + 1;
  const rejections = new SubmitRejectionTracker(settings.pauseAfterSubmitRejections, carry?.submitRejections);
  // local-runner jobs run on one host, pinned at the first start (a carried run keeps the first's)
  let localHost = carry?.localHost;
  let hostBound = hostBoundCampaignActivities(localHost?.taskQueue);

  setHandler(jobFinishedSignal, (finished) => {
    if (isJobFinished(finished) && inFlight.delete(finished.jobId)) {
      finishedThisRun += 1;
      const pauseBecause = rejections.record(finished.status, finished.reason);
      if (pauseBecause && !state.paused) {
        state.paused = true;
        state.pauseReason = pauseBecause;
      }
    }
    state.wake = true;
  });
  // A reset of a settled campaign is running from the moment it is accepted, before the loop wakes.
  const currentPhase = () => (phase === 'settled' && state.rescanRequested ? 'running' : phase);
  registerOperatorHandlers(campaignId, state, rejections, currentPhase);
  setHandler(campaignStatusQuery, (): CampaignStatus => ({
    campaignId,
    phase: state.paused ? 'paused' : state.cancelling ? 'cancelling' : currentPhase(),
    pauseReason: state.pauseReason,
    closesAt,
    counts,
    inFlight: inFlight.size,
    maxInFlight: state.maxInFlight,
    generation,
    ingest: ingested,
    localHost: localHost?.host,
  }));

  try {
    await runCampaign();
  } catch (error) {
    // `temporal workflow cancel` = the cancel signal: job workflows, their scheduler jobs, ready jobs.
    if (!isCancellation(error) || !patched(CANCEL_CASCADE_PATCH)) throw error;
    state.cancelling = true;
    state.closing = true;
    await CancellationScope.nonCancellable(async () => {
      await cancelCampaignJobs(campaignId, inFlight);
      const cancelledReady = await db.cancelReadyJobs({ campaignId });
      counts = await db.campaignCounts({ campaignId });
      publishProgress(counts, 'cancelled');
      await auditAction(
        campaignId,
        'cancel',
        { request: 'workflow cancellation' },
        {
          accepted: true,
          jobsAffected: cancelledReady,
        },
      );
    });
    throw error;
  }

  state.closing = true;
  phase = 'finished';
  counts = await db.campaignCounts({ campaignId });
  publishProgress(counts, state.cancelling ? 'cancelled' : 'finished');
  const failureReasons = await db.failureReasons({ campaignId });
  await condition(allHandlersFinished);
  return { campaignId, counts, failureReasons, ingest: ingested, generations: generation };

  async function runCampaign(): Promise<void> {
    if (!carry) {
      upsertSearchAttributes([{ key: campaignKey, value: campaignId }]);
      try {
        localHost = await pinLocalHost(settings.scheduler.kind);
        hostBound = hostBoundCampaignActivities(localHost?.taskQueue);
        if (patched(PREREQUISITES_PATCH)) {
          const orcaExecutable = settings.orca.executable;
          await hostBound.checks.checkCampaignPrerequisites({ campaignId, orcaExecutable });
        }
        ingested = await ingest.ingestCampaign({ campaignId, settings });
      } catch (error) {
        throw asWorkflowFailure(error);
      }
      phase = 'running';
    }

    let exhausted = false;
    const pollIntervalMs = settings.pollIntervalSeconds * 1000;
    let lastPollAt = Date.now();
    // Counts are for the status query and search attributes: once per poll interval is enough,
    // not once per finished-job signal (each refresh is an activity in this history).
    let countsAt = -Infinity;
    for (;;) {
      if (state.cancelling) {
        await cancelCampaignJobs(campaignId, inFlight);
        await db.cancelReadyJobs({ campaignId });
        break;
      }
      if (!state.paused) {
        const fetched = await fillWindow();
        exhausted = fetched.exhausted;
      }
      if (exhausted && inFlight.size === 0 && !state.paused && !state.rescanRequested) {
        if (!patched(SETTLED_PHASE_PATCH) || (await staySettled()) === 'close') break;
        continue;
      }
      if (Date.now() - countsAt >= pollIntervalMs) {
        countsAt = Date.now();
        counts = await db.campaignCounts({ campaignId });
        publishProgress(counts, state.paused ? 'paused' : 'running');
      } else if (progress.pauseReasonChanged(state.pauseReason)) {
        publishProgress(counts, state.paused ? 'paused' : 'running');
      }

      if (
        finishedThisRun >= settings.continueAsNewAfterJobs ||
        workflowInfo().historyLength > HISTORY_EVENTS_BEFORE_CONTINUE
      ) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof campaign>(rawInput, carryForNextRun());
      }

      state.wake = false;
      await condition(() => state.wake, Math.max(1, lastPollAt + pollIntervalMs - Date.now()));
      // Poll on a clock, not on quiet: a steady stream of job signals must not starve the poller.
      if (inFlight.size > 0 && Date.now() - lastPollAt >= pollIntervalMs) {
        lastPollAt = Date.now();
        await hostBound.poller.pollCampaign({ campaignId, scheduler: settings.scheduler });
      }
    }
  }

  /**
   * Every job is final: the campaign stays open (a durable timer) so failed jobs can be reset or
   * retried, until closeAfterHours have passed or an operator closes it.
   */
  async function staySettled(): Promise<'close' | 'resume'> {
    // A child campaign (an active-learning loop's labelling) closes at once: its parent awaits it.
    const closeAfterMs = info.parent ? 0 : settings.closeAfterHours * 3_600_000;
    const waits = !state.closeRequested && closeAfterMs > 0;
    // The status query must never show `settled` with the counts of before.
    counts = await db.campaignCounts({ campaignId });
    phase = 'settled';
    if (waits) closesAt = new Date(Date.now() + closeAfterMs).toISOString();
    publishProgress(counts, 'settled');
    if (waits) {
      await condition(() => state.rescanRequested || state.cancelling || state.closeRequested, closeAfterMs);
      closesAt = undefined;
    }
    if (state.closeRequested || !(state.rescanRequested || state.cancelling)) return 'close';
    phase = 'running';
    return 'resume';
  }

  function carryForNextRun(): CampaignCarry {
    return {
      ingested,
      inFlight: [...inFlight],
      cursor,
      rescanRequested: state.rescanRequested,
      paused: state.paused,
      maxInFlight: state.maxInFlight,
      generation,
      pauseReason: state.pauseReason,
      submitRejections: rejections.state,
      lenientInput: !strict,
      closeRequested: state.closeRequested || undefined,
      localHost,
    };
  }

  async function fillWindow(): Promise<{ exhausted: boolean }> {
    if (state.rescanRequested) {
      cursor = 0;
      state.rescanRequested = false;
    }
    const stopped = () => stopFillOnPause && (state.paused || state.cancelling);
    while (inFlight.size < state.maxInFlight && !stopped()) {
      const batch = await db.readyJobs({
        campaignId,
        fromRowIndex: cursor,
        limit: Math.min(500, state.maxInFlight),
      });
      const candidates = batch.filter((job) => !inFlight.has(job.jobId));
      if (batch.length === 0) return { exhausted: true };
      for (const job of candidates) {
        if (inFlight.size >= state.maxInFlight || stopped()) {
          return { exhausted: false };
        }
        await startJob(job.jobId);
        cursor = job.rowIndex + 1;
      }
      if (candidates.length === 0) cursor = batch[batch.length - 1]!.rowIndex + 1;
    }
    return { exhausted: false };
  }

  async function startJob(jobId: string): Promise<void> {
    inFlight.add(jobId);
    const campaignWorkflowId = info.workflowId;
    const hostTaskQueue = localHost?.taskQueue;
    await startJobWorkflow({ campaignId, jobId, campaignWorkflowId, settings: jobSettings, hostTaskQueue });
  }

  function publishProgress(current: StatusCounts, phaseName: string): void {
    progress.publish(current, phaseName, state.pauseReason);
  }
}
