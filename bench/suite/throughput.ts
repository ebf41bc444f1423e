import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';

import { noopActivities } from '../engine/activities';
import { sleep, withPeakRss } from './measure';
import type { Options } from './options';
import { fmt, heading, log } from './report';
import { countRuns, finalCount, historyLength, withOurWorker, type Stack } from './stack';
import { campaignSettings, ingestWaterJobs, instantExecutable } from './water-jobs';

export interface ThroughputResult {
  jobs: number;
  finished: number;
  seconds: number;
  jobsPerSecond: number;
  complete: boolean;
  peakRssMb: number;
  jobHistory?: number;
  campaignRuns?: number;
  lastRunHistory?: number;
}

/** Runs a workflow to completion or to the cap; progress counted by `progress`. */
async function timed(
  start: () => Promise<{ result: () => Promise<unknown> }>,
  progress: () => Promise<number>,
  jobs: number,
  capMs: number,
): Promise<Omit<ThroughputResult, 'peakRssMb'>> {
  const began = Date.now();
  const handle = await start();
  const outcome = await Promise.race([
    handle.result().then(() => 'done' as const),
    sleep(capMs).then(() => 'cap' as const),
  ]);
  const seconds = (Date.now() - began) / 1000;
  const finished = outcome === 'done' ? jobs : await progress();
  return { jobs, finished, seconds, jobsPerSecond: finished / seconds, complete: outcome === 'done' };
}

export async function engineCeiling(stack: Stack, jobs: number, capMs: number): Promise<ThroughputResult> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../engine/workflows'),
    logger: new DefaultLogger('ERROR'),
  });
  const taskQueue = `bench-bare-${randomUUID().slice(0, 6)}`;
  const worker = await Worker.create({
    connection: stack.connection,
    taskQueue,
    workflowBundle: bundle,
    activities: noopActivities,
  });
  const running = worker.run();
  const id = `bare-${jobs}-${randomUUID().slice(0, 6)}`;
  try {
    const { value, peakRssMb } = await withPeakRss(() =>
      timed(
        async () => {
          const handle = await stack.client.workflow.start('bareCampaign', {
            taskQueue,
            workflowId: id,
            args: [{ jobs, maxInFlight: 200, continueAsNewAfterJobs: 500 }],
          });
          return { result: () => handle.result() };
        },
        async () => {
          let n = 0;
          for await (const _ of stack.client.workflow.list({
            query: `WorkflowType = 'bareJob' AND ExecutionStatus = 'Completed' AND TaskQueue = '${taskQueue}'`,
          }))
            n += 1;
          return n;
        },
        jobs,
        capMs,
      ),
    );
    const jobHistory = await historyLength(stack.client, `${id}/j0`);
    const runs = await countRuns(stack.client, id);
    return { ...value, peakRssMb, jobHistory, campaignRuns: runs.runs, lastRunHistory: runs.lastHistory };
  } finally {
    await stack.client.workflow
      .getHandle(id)
      .terminate('bench cap')
      .catch(() => undefined);
    worker.shutdown();
    await running;
  }
}

export async function ourCampaign(
  stack: Stack,
  jobs: number,
  capMs: number,
  mode: 'self-report' | 'poll-only',
): Promise<ThroughputResult> {
  const campaignId = `ours-${mode}-${jobs}-${randomUUID().slice(0, 6)}`;
  await ingestWaterJobs(stack.pool, campaignId, jobs, stack.workDir);
  const executable = instantExecutable(path.join(stack.workDir, campaignId));
  return withOurWorker(stack, mode, async (taskQueue) => {
    const { value, peakRssMb } = await withPeakRss(() =>
      timed(
        async () => {
          const handle = await stack.client.workflow.start('campaign', {
            taskQueue,
            workflowId: campaignId,
            args: [campaignSettings(campaignId, executable)],
          });
          return { result: () => handle.result() };
        },
        () => finalCount(stack.pool, campaignId),
        jobs,
        capMs,
      ),
    );
    const jobHistory = await historyLength(stack.client, `${campaignId}/row-000000`);
    const runs = await countRuns(stack.client, campaignId);
    await stack.client.workflow
      .getHandle(campaignId)
      .terminate('bench cap')
      .catch(() => undefined);
    return { ...value, peakRssMb, jobHistory, campaignRuns: runs.runs, lastRunHistory: runs.lastHistory };
  });
}

/** Section 1: jobs/s of the bare engine and of our campaign, per size. */
export async function throughputSection(
  stack: Stack,
  options: Options,
  measured: Map<string, number> = new Map(),
): Promise<string[]> {
  const server = stack.topology === 'dev' ? 'dev server' : 'production server on Postgres';
  const lines = heading(
    `1${stack.topology === 'dev' ? '' : 'b'}. Engine ceiling vs our campaign (jobs/s, same ${server}, same run)`,
  );
  const capMs = options.sizeCapMinutes * 60_000;
  lines.push(
    'Bare = `bench/engine/workflows.ts`: a parent keeping 200 children in flight, each child running the',
    'five no-op activities `orcaJob` runs per attempt and signalling its parent. Ours = the real',
    '`campaign` (maxInFlight 200, poll 1 s) on the local runner (32 slots), instant jobs (a shell script',
    'printing a complete simulator output). Self-report = the default path (each job script runs',
    '`bin/orcastrate report`); poll-only = the same jobs submitted without the hook. Capped at',
    `${options.sizeCapMinutes} min per run: a capped run reports the jobs finished by then.`,
    '',
    '| jobs | variant | finished | jobs/s | ratio to ceiling | history events per job | campaign runs (continue-as-new) | events in last run | peak RSS of bench+worker process |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const jobs of options.sizes) {
    log(`throughput: bare ceiling with ${jobs} jobs`);
    const bare = await engineCeiling(stack, jobs, capMs);
    const row = (variant: string, r: ThroughputResult, ratio: string) =>
      lines.push(
        `| ${jobs} | ${variant} | ${r.finished}${r.complete ? '' : ' (capped)'} | ${fmt(r.jobsPerSecond)} | ${ratio} | ${r.jobHistory ?? '?'} | ${r.campaignRuns ?? '?'} | ${r.lastRunHistory ?? '?'} | ${fmt(r.peakRssMb, 0)} MB |`,
      );
    row('bare ceiling', bare, '100 %');
    measured.set(`${jobs}|bare ceiling`, bare.jobsPerSecond);
    log(`  bare: ${fmt(bare.jobsPerSecond)} jobs/s`);
    for (const mode of ['self-report', 'poll-only'] as const) {
      log(`throughput: our campaign (${mode}) with ${jobs} jobs`);
      const ours = await ourCampaign(stack, jobs, capMs, mode);
      const ratio = ours.jobsPerSecond / bare.jobsPerSecond;
      row(`ours, ${mode}`, ours, `**${fmt(100 * ratio, 0)} %**`);
      measured.set(`${jobs}|ours, ${mode}`, ours.jobsPerSecond);
      log(`  ours ${mode}: ${fmt(ours.jobsPerSecond)} jobs/s = ${fmt(100 * ratio, 0)} % of the ceiling`);
      console.log(
        `throughput (${stack.topology}) ${jobs} jobs: ceiling ${fmt(bare.jobsPerSecond)} jobs/s, ours (${mode}) ${fmt(ours.jobsPerSecond)} jobs/s, ratio ${fmt(100 * ratio, 0)} %`,
      );
    }
  }
  return lines;
}

/** The same three figures on both servers, measured one after the other in this run. */
export function topologyComparison(dev: Map<string, number>, production: Map<string, number>): string[] {
  const lines = heading('1c. The same jobs/s on the dev server and on the production server (same run)');
  lines.push(
    'Production = `temporal-server` 1.29.1 with persistence and visibility on the local Postgres',
    '(`deploy/temporal`, 4 history shards), a private instance of its own databases; dev = `temporal server',
    'start-dev` (SQLite). Same worker, same jobs, one after the other.',
    '',
    '| jobs | variant | dev server jobs/s | production server jobs/s | production / dev |',
    '| ---: | --- | ---: | ---: | ---: |',
  );
  for (const [key, devRate] of dev) {
    const productionRate = production.get(key);
    if (productionRate === undefined) continue;
    const [jobs, variant] = key.split('|');
    lines.push(
      `| ${jobs} | ${variant} | ${fmt(devRate)} | ${fmt(productionRate)} | **${fmt(productionRate / devRate)}×** |`,
    );
  }
  return lines;
}
