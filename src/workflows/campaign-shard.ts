import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { SubmitRejectionTracker } from '../campaign/submit-rejections';
import { localDb } from './campaign-activities';
import { cancelCampaignJobs } from './campaign-cancel';
import { JobWindow } from './job-window';
import { readiesOthers } from './campaign-pipeline';
import { isJobFinished, jobFinishedSignal } from './messages';
import {
  isShardControl,
  shardControlSignal,
  shardEventSignal,
  type ShardCarry,
  type ShardEvent,
  type ShardInput,
} from './shard-messages';

const HISTORY_EVENTS_BEFORE_CONTINUE = 10_000;

/**
 * One shard of a campaign whose maxInFlight is above what one workflow may keep in flight: it keeps
 * its own window of job workflows over its own rows (the jobs signal the shard when final) and ends,
 * telling the campaign, once no ready row of its range is left and nothing is in flight. The campaign
 * polls the scheduler for all shards and reads the counts from Postgres.
 */
export async function campaignShard(input: ShardInput, carry?: ShardCarry): Promise<void> {
  const { campaignId, shard } = input;
  const state = {
    window: input.window,
    paused: input.paused,
    rescan: carry?.rescan ?? false,
    cancel: false,
    wake: false,
  };
  const jobWindow = new JobWindow(
    {
      campaignId,
      workflowId: workflowInfo().workflowId,
      jobSettings: input.jobSettings,
      ...(input.pipeline ? { pipeline: input.pipeline } : {}),
      hostTaskQueue: () => input.hostTaskQueue,
      reads: localDb,
      fetchFreeSlots: true,
      batchStarts: true,
      range: input.range,
    },
    carry ?? { inFlight: [], cursor: input.range.from },
  );
  const inFlight = jobWindow.inFlight;
  const rejections = new SubmitRejectionTracker(input.pauseAfterSubmitRejections, carry?.submitRejections);
  const campaign = getExternalWorkflowHandle(input.campaignWorkflowId);
  const tell = (event: Omit<ShardEvent, 'shard'>) => campaign.signal(shardEventSignal, { shard, ...event });
  let finishedThisRun = 0;
  let pausedBecause: string | undefined;

  setHandler(jobFinishedSignal, (finished) => {
    if (!isJobFinished(finished)) return;
    if (readiesOthers(input.pipeline, finished)) state.rescan = true;
    if (inFlight.delete(finished.jobId)) {
      finishedThisRun += 1;
      const pauseBecause = rejections.record(finished.status, finished.reason);
      if (pauseBecause && !state.paused) {
        state.paused = true;
        pausedBecause = pauseBecause;
      }
    }
    state.wake = true;
  });
  setHandler(shardControlSignal, (control) => {
    if (!isShardControl(control)) return;
    if (control.window !== undefined) state.window = control.window;
    if (control.paused !== undefined) state.paused = control.paused;
    if (control.paused === false) rejections.reset();
    if (control.rescan === true) state.rescan = true;
    if (control.cancel === true) state.cancel = true;
    state.wake = true;
  });

  for (;;) {
    state.wake = false;
    if (pausedBecause !== undefined) {
      await tell({ pausedBecause });
      pausedBecause = undefined;
    }
    if (state.cancel) {
      await cancelCampaignJobs(campaignId, inFlight);
      break;
    }
    let exhausted = false;
    if (!state.paused) {
      const rescan = state.rescan;
      state.rescan = false;
      const stopped = () => state.paused || state.cancel;
      ({ exhausted } = await jobWindow.fill(state.window, stopped, rescan, () => undefined));
    }
    if (exhausted && inFlight.size === 0 && !state.rescan) break;
    if (
      finishedThisRun >= input.continueAsNewAfterJobs ||
      workflowInfo().historyLength > HISTORY_EVENTS_BEFORE_CONTINUE
    ) {
      await condition(allHandlersFinished);
      const next: ShardCarry = {
        inFlight: [...inFlight],
        cursor: jobWindow.cursor,
        rescan: state.rescan,
        submitRejections: rejections.state,
      };
      await continueAsNew<typeof campaignShard>(
        { ...input, window: state.window, paused: state.paused },
        next,
      );
    }
    await condition(() => state.wake);
  }
  await tell({ ended: true });
  await condition(allHandlersFinished);
}
