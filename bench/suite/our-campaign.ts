import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { sampleHookCpu } from './hook-cost';
import { capAfter, Progress, sleep } from './measure';
import {
  completionLatencies,
  eventMix,
  firstWindowSeconds,
  jobTransitions,
  POSTGRES_STATS_DELAY_MS,
  postgresRowWrites,
  runsOf,
} from './run-metrics';
import { latencyStages } from './latency-stages';
import { withOurWorker } from './our-worker';
import { finalCount, terminateRunning, type Stack } from './stack';
import type { ThroughputResult } from './throughput-result';
import { campaignSettings, ingestWaterJobs, instantExecutable } from './water-jobs';

export type Variant = 'self-report' | 'poll-only';

const PROGRESS_EVERY_MS = 2_000;

/**
 * The real `campaign` on `jobs` instant jobs (ingested first, timed), window `window`, poll 1 s, until
 * it completes or the cap; then every per-run figure of the throughput table.
 */
export async function ourCampaign(
  stack: Stack,
  jobs: number,
  capMs: number,
  window: number,
  variant: Variant,
  hookPairs: number,
  workerEnv: Record<string, string> = {},
): Promise<ThroughputResult> {
  const campaignId = `ours-${variant}-${jobs}-${randomUUID().slice(0, 6)}`;
  const ingestBegan = Date.now();
  await ingestWaterJobs(stack.pool, campaignId, jobs, stack.workDir);
  const ingestRowsPerSecond = jobs / ((Date.now() - ingestBegan) / 1000);
  const executable = instantExecutable(path.join(stack.workDir, campaignId));
  await sleep(POSTGRES_STATS_DELAY_MS); // the ingest's writes counted before the run's
  const writesBefore = await postgresRowWrites(stack.pool);
  let over = false;
  const hook = variant === 'self-report' ? sampleHookCpu(stack, hookPairs, () => over) : undefined;

  const run = await withOurWorker(
    stack,
    variant,
    async (taskQueue, _config, worker) => {
      const began = Date.now();
      const handle = await stack.client.workflow.start('campaign', {
        taskQueue,
        workflowId: campaignId,
        args: [campaignSettings(campaignId, executable, { maxInFlight: window })],
      });
      const progress = new Progress(began);
      const sampler = setInterval(() => {
        finalCount(stack.pool, campaignId).then(
          (n) => progress.record(n),
          () => undefined,
        );
      }, PROGRESS_EVERY_MS);
      const outcome = await Promise.race([
        handle.result().then(() => 'done' as const),
        capAfter(capMs).then(() => 'cap' as const),
      ]).finally(() => clearInterval(sampler));
      const endMs = Date.now();
      const finished = await finalCount(stack.pool, campaignId);
      over = true;
      const hookCost = await hook;
      // the hook sampler's scripts are the bench process's children, not an own-process worker's
      const samplerCpuS = worker.ownProcess ? 0 : (hookCost?.samplerCpuS ?? 0);
      const figures = {
        outcome,
        seconds: (endMs - began) / 1000,
        finished,
        secondHalf: progress.secondHalfRate(finished, endMs),
        peakRssMb: worker.peakRssMb(),
        workerInOwnProcess: worker.ownProcess,
        cpu: worker.jobProcessCpuSeconds() - samplerCpuS,
        hookCost,
        firstWindow: await firstWindowSeconds(stack.client, campaignId, Math.min(window, jobs), began),
        job: await eventMix(stack.client, `${campaignId}/row-000000`),
        runs: await runsOf(stack.client, campaignId),
        stages:
          variant === 'self-report'
            ? await latencyStages(stack.client, stack.pool, campaignId, 200)
            : undefined,
      };
      // a capped run: its campaign and the job workflows in flight stop here
      await terminateRunning(stack, `WorkflowId = '${campaignId}' OR OrcastrateCampaign = '${campaignId}'`);
      return figures;
    },
    workerEnv,
  );
  await sleep(POSTGRES_STATS_DELAY_MS);
  const writes = (await postgresRowWrites(stack.pool)) - writesBefore;
  const { finished, seconds } = run;
  return {
    jobs,
    finished,
    seconds,
    jobsPerSecond: finished / seconds,
    secondHalfJobsPerSecond: run.secondHalf,
    complete: run.outcome === 'done',
    peakRssMb: run.peakRssMb,
    workerInOwnProcess: run.workerInOwnProcess,
    firstWindowSeconds: run.firstWindow,
    jobHistory: run.job.length,
    jobEventMix: run.job.mix,
    campaignRuns: run.runs.runs,
    campaignEvents: run.runs.events,
    ingestRowsPerSecond,
    postgresRowWritesPerSecond: writes / seconds,
    jobTransitionsPerSecond: (await jobTransitions(stack.pool, campaignId)) / seconds,
    latency: await completionLatencies(stack.pool, campaignId),
    latencyStages: run.stages,
    hookCpuPerJobS: run.hookCost?.hookCpuPerJobS,
    jobProcessCpuPerJobS: finished > 0 ? run.cpu / finished : undefined,
  };
}
