/**
 * Bench-only workflows: the bare shape of a campaign, for the engine's ceiling. `bareCampaign` keeps a
 * sliding window of `bareJob` children like `campaign` does (one "ready jobs" activity per fill, one
 * "counts" activity per loop, continue-as-new every 500 completions); each `bareJob` runs the five
 * activities `orcaJob` runs per attempt (loadJobStart, prepareAttempt, submitAttempt, evaluateAttempt,
 * finishJob) as no-ops and signals its parent, as `orcaJob` does. No scheduler, no Postgres, no files.
 */
import {
  condition,
  continueAsNew,
  defineSignal,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { NoopActivities } from './activities';

const noop = proxyActivities<NoopActivities>({ startToCloseTimeout: '1 minute' });
export const bareJobFinished = defineSignal<[string]>('bareJobFinished');

export interface BareCampaignInput {
  jobs: number;
  maxInFlight: number;
  continueAsNewAfterJobs: number;
}

export interface BareCarry {
  next: number;
  inFlight: string[];
  done: number;
}

export async function bareCampaign(input: BareCampaignInput, carry?: BareCarry): Promise<number> {
  const inFlight = new Set(carry?.inFlight ?? []);
  let next = carry?.next ?? 0;
  let done = carry?.done ?? 0;
  let finishedThisRun = 0;
  let wake = false;
  setHandler(bareJobFinished, (jobId) => {
    if (inFlight.delete(jobId)) {
      done += 1;
      finishedThisRun += 1;
    }
    wake = true;
  });
  const id = workflowInfo().workflowId;
  for (;;) {
    if (next < input.jobs && inFlight.size < input.maxInFlight) {
      await noop.readyJobs();
      while (next < input.jobs && inFlight.size < input.maxInFlight) {
        const jobId = `j${next++}`;
        inFlight.add(jobId);
        await startChild(bareJob, {
          workflowId: `${id}/${jobId}`,
          args: [id, jobId],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      }
    }
    await noop.campaignCounts();
    if (next >= input.jobs && inFlight.size === 0) return done;
    if (finishedThisRun >= input.continueAsNewAfterJobs) {
      await continueAsNew<typeof bareCampaign>(input, { next, inFlight: [...inFlight], done });
    }
    wake = false;
    await condition(() => wake);
  }
}

export async function bareJob(parentId: string, jobId: string): Promise<void> {
  await noop.loadJobStart();
  await noop.prepareAttempt();
  await noop.submitAttempt();
  await noop.evaluateAttempt();
  await noop.finishJob();
  await getExternalWorkflowHandle(parentId).signal(bareJobFinished, jobId);
}
