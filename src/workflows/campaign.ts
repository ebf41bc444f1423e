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
import { campaignStatusQuery, jobFinishedSignal, isJobFinished, type CampaignStatus } from './messages';
import { auditAction } from './campaign-audit';
import { registerOperatorHandlers, type CampaignControlState } from './campaign-controls';
import { db, ingest, localDb } from './campaign-activities';
import { CampaignClock } from './campaign-clock';
import { hostBoundCampaignActivities, pinLocalHost } from './host-queue';
import { cancelCampaignJobs } from './campaign-cancel';
import { JobWindow, startsInBatches } from './job-window';
import { pipelinePlan, readiesOthers } from './campaign-pipeline';
import { jobSettingsOf } from './campaign-job-start';
import { CampaignShards } from './campaign-shards';
import { isShardEvent, shardEventSignal } from './shard-messages';
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
/** Every wake-up kept (flag reset before the awaits), ready rows for free slots only, local reads,
 *  no poll, counts or timer while nothing is in flight and nothing changed. */
const LEAN_LOOP_PATCH = 'campaign-lean-loop';
/** maxInFlight above maxInFlightPerWorkflow is served by shard workflows (campaign-shards.ts). */
const SHARDS_PATCH = 'campaign-shards';

const HISTORY_EVENTS_BEFORE_CONTINUE = 10_000;

/** A campaign: ingest (or attach), keep at most maxInFlight job workflows running, poll the scheduler in one batch. */
export async function campaign(rawInput: unknown, carry?: CampaignCarry): Promise<CampaignSummary> {
  const info = workflowInfo();
  const { settings, campaignId, strict } = validateCampaignInput(
    rawInput,
    info.workflowId,
    carry?.lenientInput,
  );
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
  const lean = patched(LEAN_LOOP_PATCH);
  const reads = lean ? localDb : db;
  const jobSettings = jobSettingsOf(settings);
  const pipeline = pipelinePlan(settings, jobSettings);
  const starts = {
    campaignId,
    workflowId: info.workflowId,
    jobSettings,
    ...(pipeline ? { pipeline } : {}),
    hostTaskQueue: () => localHost?.taskQueue,
  };
  const windowReads = { reads, fetchFreeSlots: lean, batchStarts: startsInBatches(lean) };
  const jobWindow = new JobWindow({ ...starts, ...windowReads }, carry);
  const inFlight = jobWindow.inFlight;
  const shards = new CampaignShards({ ...starts, settings }, carry?.shards);
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
    // its dependants may now be ready, on rows the fill cursor has passed
    if (isJobFinished(finished) && readiesOthers(pipeline, finished)) state.rescanRequested = true;
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
  setHandler(shardEventSignal, (event) => {
    if (!isShardEvent(event)) return;
    if (event.ended === true) shards.ended(event.shard);
    if (event.pausedBecause !== undefined && !state.paused) {
      state.paused = true;
      state.pauseReason = event.pausedBecause;
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
    // a sharded campaign's jobs are in its shards' windows: those Postgres counts as under way
    inFlight: inFlight.size + (shards.running.size > 0 ? counts.submitted + counts.running : 0),
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
      if (shards.running.size > 0) await shards.cancel();
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
  counts = await reads.campaignCounts({ campaignId });
  publishProgress(counts, state.cancelling ? 'cancelled' : 'finished');
  const failureReasons = await reads.failureReasons({ campaignId });
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
    // Counts are for the status query and search attributes: once per poll interval is enough,
    // not once per finished-job signal (each refresh is an activity in this history).
    const clock = new CampaignClock(settings.pollIntervalSeconds * 1000, lean);
    for (;;) {
      if (lean) {
        // Signals that arrive during this iteration's awaits must wake the next wait.
        if (state.wake) clock.changed();
        state.wake = false;
      }
      if (state.cancelling) {
        if (shards.running.size > 0) await shards.cancel();
        await cancelCampaignJobs(campaignId, inFlight);
        await db.cancelReadyJobs({ campaignId });
        break;
      }
      if (shards.running.size > 0) await shards.sync(state.maxInFlight, state.paused);
      if (!state.paused) exhausted = await fill(clock);
      const active = inFlight.size + shards.running.size;
      if (exhausted && active === 0 && !state.paused && !state.rescanRequested) {
        if (!patched(SETTLED_PHASE_PATCH) || (await staySettled()) === 'close') break;
        continue;
      }
      if (clock.countsDue(active)) {
        clock.countsRefreshed();
        counts = await reads.campaignCounts({ campaignId });
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

      if (!lean) state.wake = false;
      const sleepMs = clock.sleepMs(active);
      if (sleepMs === undefined) await condition(() => state.wake);
      else await condition(() => state.wake, sleepMs);
      if (clock.pollDue(inFlight.size + shards.running.size)) {
        clock.polled();
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
    counts = await reads.campaignCounts({ campaignId });
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
      cursor: jobWindow.cursor,
      rescanRequested: state.rescanRequested,
      paused: state.paused,
      maxInFlight: state.maxInFlight,
      generation,
      pauseReason: state.pauseReason,
      submitRejections: rejections.state,
      lenientInput: !strict,
      closeRequested: state.closeRequested || undefined,
      localHost,
      shards: shards.carry(),
    };
  }

  /** Starts job workflows for ready rows, or shard workflows above maxInFlightPerWorkflow; true: none left. */
  async function fill(clock: CampaignClock): Promise<boolean> {
    const rescan = state.rescanRequested;
    state.rescanRequested = false;
    const wantShards = state.maxInFlight > settings.maxInFlightPerWorkflow && patched(SHARDS_PATCH);
    if (shards.running.size === 0 && !(wantShards && inFlight.size === 0)) {
      if (wantShards) return false; // the campaign's own window drains before shards take over
      const stopped = () => stopFillOnPause && (state.paused || state.cancelling);
      return (await jobWindow.fill(state.maxInFlight, stopped, rescan, () => clock.changed())).exhausted;
    }
    if (rescan) await shards.rescan();
    if (shards.running.size > 0 && !rescan) return false;
    if (shards.running.size === 0) {
      const ready = await reads.readyJobs({ campaignId, fromRowIndex: 0, limit: 1 });
      if (ready.length === 0) return true;
    }
    await shards.start(state.maxInFlight, state.paused);
    clock.changed();
    return false;
  }

  function publishProgress(current: StatusCounts, phaseName: string): void {
    progress.publish(current, phaseName, state.pauseReason);
  }
}
