import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';

import { campaignKey, jobStatusKey } from '../../src/campaign/search-attributes';
import { createBareActivities } from '../engine/activities';
import { Progress, sleep, withPeakRss } from './measure';
import { eventMix } from './run-metrics';
import { terminateRunning, type Stack } from './stack';
import type { ThroughputResult } from './throughput-result';

/** How often the client counts the closed bare jobs and refills its window (our campaign polls every 1 s). */
const REFILL_EVERY_MS = 500;

/**
 * The engine's ceiling: `jobs` bare jobs (JOB_SHAPE, no-op activities) started by THIS client as
 * independent workflows, `window` of them in flight: every 500 ms the client counts the completed ones
 * (visibility) and starts as many new ones as closed. Not one `result()` per job: 200 long polls on
 * the history would cost the server a read per event of every job and lower the ceiling. Stops at
 * the cap.
 */
export async function engineCeiling(
  stack: Stack,
  jobs: number,
  capMs: number,
  window: number,
): Promise<ThroughputResult> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../engine/workflows'),
    logger: new DefaultLogger('ERROR'),
  });
  const tag = randomUUID().slice(0, 6);
  const taskQueue = `bench-bare-${tag}`;
  const prefix = `bare-${jobs}-${tag}`;
  const sinkId = `${prefix}-sink`;
  const worker = await Worker.create({
    connection: stack.connection,
    taskQueue,
    workflowBundle: bundle,
    activities: createBareActivities(stack.client),
  });
  const running = worker.run();
  await stack.client.workflow.start('bareSink', { taskQueue, workflowId: sinkId, args: [] });
  const closed = (status: string) =>
    stack.client.workflow
      .count(`TaskQueue = '${taskQueue}' AND WorkflowType = 'bareJob' AND ExecutionStatus ${status}`)
      .then((answer) => answer.count);
  let started = 0;
  let finished = 0;
  let firstWindowMs: number | undefined;
  const began = Date.now();
  const progress = new Progress(began);
  const startOne = (n: number) =>
    stack.client.workflow.start('bareJob', {
      taskQueue,
      workflowId: `${prefix}/j${n}`,
      args: [sinkId],
      typedSearchAttributes: [
        { key: campaignKey, value: prefix },
        { key: jobStatusKey, value: 'ready' },
      ],
    });
  try {
    const { value, peakRssMb } = await withPeakRss(async () => {
      while (finished < jobs && Date.now() - began < capMs) {
        const more = Math.min(jobs - started, window - (started - finished));
        if (more > 0) {
          await Promise.all(Array.from({ length: more }, (_, i) => startOne(started + i)));
          started += more;
          if (firstWindowMs === undefined && started >= Math.min(window, jobs))
            firstWindowMs = Date.now() - began;
        }
        await sleep(REFILL_EVERY_MS);
        finished = await closed("= 'Completed'");
        progress.record(finished);
        const failed = await closed("!= 'Running' AND ExecutionStatus != 'Completed'");
        if (failed > 0) throw new Error(`ceiling: ${failed} bare jobs did not complete (see ${taskQueue})`);
      }
      return {
        seconds: (Date.now() - began) / 1000,
        complete: finished >= jobs,
        secondHalf: progress.secondHalfRate(finished),
      };
    });
    if (!value.complete) await terminateRunning(stack, `TaskQueue = '${taskQueue}'`);
    const job = await eventMix(stack.client, `${prefix}/j0`);
    return {
      jobs,
      finished,
      seconds: value.seconds,
      jobsPerSecond: finished / value.seconds,
      secondHalfJobsPerSecond: value.secondHalf,
      complete: value.complete,
      peakRssMb,
      firstWindowSeconds: firstWindowMs === undefined ? undefined : firstWindowMs / 1000,
      jobHistory: job.length,
      jobEventMix: job.mix,
    };
  } finally {
    await stack.client.workflow
      .getHandle(sinkId)
      .terminate('bench over')
      .catch(() => undefined);
    worker.shutdown();
    await running;
  }
}
