import {
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { campaignKey, jobStatusKey } from '../campaign/search-attributes';
import { emptyStatusCounts, type StatusCounts } from '../campaign/statuses';
import { SubmitRejectionTracker } from '../campaign/submit-rejections';
import type { JobSettings } from '../jobs/types';
import { jobWorkflowDetails, jobWorkflowSummary } from '../jobs/workflow-labels';
import { orcaJob } from './job';
import {
  campaignStatusQuery,
  cancelCampaignSignal,
  jobFinishedSignal,
  pauseSignal,
  resetFailedSignal,
  resetFailedUpdate,
  resumeSignal,
  setMaxInFlightSignal,
  isJobFinished,
  resetFailedOptionsProblem,
  type CampaignStatus,
  type ResetFailedOptions,
} from './messages';
import { db, ingest, poller } from './campaign-activities';
import { cancelCampaignJobs } from './campaign-cancel';
import type { CampaignCarry, CampaignSummary } from './campaign-types';
import { ProgressPublisher } from './campaign-progress';
import { asWorkflowFailure } from './failures';
import { validateCampaignInput } from './input-validation';

export type { CampaignCarry, CampaignSummary } from './campaign-types';

/** Patch ids: behaviour added while campaigns may be running (see Temporal's patching). */
const PREREQUISITES_PATCH = 'campaign-prerequisites';
const CANCEL_CASCADE_PATCH = 'campaign-cancel-cascade';
const FILL_STOPS_ON_PAUSE_PATCH = 'campaign-fill-stops-on-pause';

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
  let rescanRequested = carry?.rescanRequested ?? false;
  let paused = carry?.paused ?? false;
  let cancelling = false;
  let maxInFlight = carry?.maxInFlight ?? settings.maxInFlight;
  let counts = emptyStatusCounts();
  const progress = new ProgressPublisher();
  // A pause (e.g. after refused submissions) also stops a window fill that is under way.
  const stopFillOnPause = patched(FILL_STOPS_ON_PAUSE_PATCH);
  let finishedThisRun = 0;
  let phase: CampaignStatus['phase'] = carry ? 'running' : 'ingesting';
  let ingested = carry?.ingested ?? { good: 0, bad: 0 };
  let wake = false;
  const generation = (carry?.generation ?? 0) + 1;
  let pauseReason = carry?.pauseReason;
  const rejections = new SubmitRejectionTracker(settings.pauseAfterSubmitRejections, carry?.submitRejections);

  setHandler(jobFinishedSignal, (finished) => {
    if (isJobFinished(finished) && inFlight.delete(finished.jobId)) {
      finishedThisRun += 1;
      const pauseBecause = rejections.record(finished.status, finished.reason);
      if (pauseBecause && !paused) {
        paused = true;
        pauseReason = pauseBecause;
      }
    }
    wake = true;
  });
  setHandler(pauseSignal, () => {
    paused = true;
  });
  setHandler(resumeSignal, () => {
    paused = false;
    pauseReason = undefined;
    rejections.reset();
    wake = true;
  });
  setHandler(setMaxInFlightSignal, (value) => {
    if (Number.isInteger(value) && value >= 1 && value <= 10_000) maxInFlight = value;
    wake = true;
  });
  setHandler(cancelCampaignSignal, () => {
    cancelling = true;
    wake = true;
  });
  // Arguments arrive from `temporal workflow update/signal` too, so they may be missing.
  const resetFailed = async (options: ResetFailedOptions | undefined): Promise<number> => {
    const reset = await db.resetFailedJobs({
      campaignId,
      includeTimeouts: options?.includeTimeouts,
      maxFailCount: options?.maxFailCount,
    });
    if (reset > 0) {
      rescanRequested = true;
      wake = true;
    }
    return reset;
  };
  setHandler(resetFailedUpdate, resetFailed, {
    validator: (options: ResetFailedOptions | undefined) => {
      const problem = resetFailedOptionsProblem(options);
      if (problem) throw new Error(problem);
    },
  });
  setHandler(resetFailedSignal, async (options) => {
    // a signal cannot be refused: malformed options are ignored rather than retried forever
    if (resetFailedOptionsProblem(options) === undefined) await resetFailed(options ?? undefined);
  });
  setHandler(campaignStatusQuery, (): CampaignStatus => ({
    campaignId,
    phase: paused ? 'paused' : cancelling ? 'cancelling' : phase,
    pauseReason,
    counts,
    inFlight: inFlight.size,
    maxInFlight,
    generation,
    ingest: ingested,
  }));

  try {
    await runCampaign();
  } catch (error) {
    // `temporal workflow cancel` = the cancel signal: job workflows, their scheduler jobs, ready jobs.
    if (!isCancellation(error) || !patched(CANCEL_CASCADE_PATCH)) throw error;
    cancelling = true;
    await CancellationScope.nonCancellable(async () => {
      await cancelCampaignJobs(campaignId, inFlight);
      await db.cancelReadyJobs({ campaignId });
      counts = await db.campaignCounts({ campaignId });
      publishProgress(counts, 'cancelled');
    });
    throw error;
  }

  phase = 'finished';
  counts = await db.campaignCounts({ campaignId });
  publishProgress(counts, cancelling ? 'cancelled' : 'finished');
  const failureReasons = await db.failureReasons({ campaignId });
  await condition(allHandlersFinished);
  return { campaignId, counts, failureReasons, ingest: ingested, generations: generation };

  async function runCampaign(): Promise<void> {
    if (!carry) {
      upsertSearchAttributes([{ key: campaignKey, value: campaignId }]);
      try {
        if (patched(PREREQUISITES_PATCH)) {
          await db.checkCampaignPrerequisites({ campaignId, orcaExecutable: settings.orca.executable });
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
      if (cancelling) {
        await cancelCampaignJobs(campaignId, inFlight);
        await db.cancelReadyJobs({ campaignId });
        break;
      }
      if (!paused) {
        const fetched = await fillWindow();
        exhausted = fetched.exhausted;
      }
      if (exhausted && inFlight.size === 0 && !paused && !rescanRequested) break;
      if (Date.now() - countsAt >= pollIntervalMs) {
        countsAt = Date.now();
        counts = await db.campaignCounts({ campaignId });
        publishProgress(counts, paused ? 'paused' : 'running');
      } else if (progress.pauseReasonChanged(pauseReason)) {
        publishProgress(counts, paused ? 'paused' : 'running');
      }

      if (
        finishedThisRun >= settings.continueAsNewAfterJobs ||
        workflowInfo().historyLength > HISTORY_EVENTS_BEFORE_CONTINUE
      ) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof campaign>(rawInput, {
          ingested,
          inFlight: [...inFlight],
          cursor,
          rescanRequested,
          paused,
          maxInFlight,
          generation,
          pauseReason,
          submitRejections: rejections.state,
          lenientInput: !strict,
        });
      }

      wake = false;
      await condition(() => wake, Math.max(1, lastPollAt + pollIntervalMs - Date.now()));
      // Poll on a clock, not on quiet: a steady stream of job signals must not starve the poller.
      if (inFlight.size > 0 && Date.now() - lastPollAt >= pollIntervalMs) {
        lastPollAt = Date.now();
        await poller.pollCampaign({ campaignId, scheduler: settings.scheduler });
      }
    }
  }

  async function fillWindow(): Promise<{ exhausted: boolean }> {
    if (rescanRequested) {
      cursor = 0;
      rescanRequested = false;
    }
    while (inFlight.size < maxInFlight && !(stopFillOnPause && (paused || cancelling))) {
      const batch = await db.readyJobs({
        campaignId,
        fromRowIndex: cursor,
        limit: Math.min(500, maxInFlight),
      });
      const candidates = batch.filter((job) => !inFlight.has(job.jobId));
      if (batch.length === 0) return { exhausted: true };
      for (const job of candidates) {
        if (inFlight.size >= maxInFlight || (stopFillOnPause && (paused || cancelling))) {
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
    try {
      await startChild(orcaJob, {
        workflowId: `${campaignId}/${jobId}`,
        args: [{ campaignId, jobId, campaignWorkflowId: info.workflowId, settings: jobSettings }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [
          { key: campaignKey, value: campaignId },
          { key: jobStatusKey, value: 'ready' },
        ],
        staticSummary: jobWorkflowSummary(campaignId, jobId),
        staticDetails: jobWorkflowDetails(campaignId, jobId, jobSettings),
      });
    } catch (error) {
      // Already running (e.g. started by a previous run of this campaign): it will signal us when done.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  function publishProgress(current: StatusCounts, phaseName: string): void {
    progress.publish(current, phaseName, pauseReason);
  }
}
