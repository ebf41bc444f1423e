import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import { completionLatencies } from './run-metrics';
import type { Options } from './options';
import { fmt, heading, log } from './report';
import { withOurWorker } from './our-worker';
import type { Stack } from './stack';
import { campaignSettings, ingestWaterJobs, instantExecutable } from './water-jobs';

export async function completionLatency(
  stack: Stack,
  jobs: number,
  mode: 'self-report' | 'poll-only',
  pollIntervalSeconds: number,
): Promise<{ jobs: number; p50Ms: number; p99Ms: number }> {
  const campaignId = `lat-${mode}-${randomUUID().slice(0, 6)}`;
  await ingestWaterJobs(stack.pool, campaignId, jobs, stack.workDir);
  const executable = instantExecutable(path.join(stack.workDir, campaignId), 1);
  await withOurWorker(stack, mode, async (taskQueue, config) => {
    await stack.client.workflow.execute('campaign', {
      taskQueue,
      workflowId: campaignId,
      // 4 at a time, each ~1 s: jobs end one after another, not in one burst
      args: [campaignSettings(campaignId, executable, { maxInFlight: 4, pollIntervalSeconds })],
    });
    return config;
  });
  const latency = await completionLatencies(stack.pool, campaignId);
  if (latency?.jobs !== jobs) throw new Error(`latency: ${latency?.jobs ?? 0} of ${jobs} jobs completed`);
  return latency;
}

/** Section 2: how long a finished job takes to reach its final status row. */
export async function latencySection(stack: Stack, options: Options): Promise<string[]> {
  const lines = heading('2. Completion -> Postgres latency, quiet (job end instant -> status row final)');
  const poll = 2;
  lines.push(
    `${options.latencyJobs} jobs per path, 4 in flight (section 1 has the same figure under its own load), each ending ~1 s after it starts; poll interval ${poll} s.`,
    'The end instant is written by the job program itself (`date +%s%N` after its output);',
    '`jobs.finished_at` is set by the `finishJob` activity. Same machine clock.',
    '',
    '| path | jobs | p50 | p99 |',
    '| --- | ---: | ---: | ---: |',
  );
  for (const mode of ['self-report', 'poll-only'] as const) {
    log(`latency: ${mode}`);
    const r = await completionLatency(stack, options.latencyJobs, mode, poll);
    lines.push(`| ${mode} | ${r.jobs} | ${fmt(r.p50Ms, 0)} ms | ${fmt(r.p99Ms, 0)} ms |`);
    console.log(`latency ${mode}: p50 ${fmt(r.p50Ms, 0)} ms, p99 ${fmt(r.p99Ms, 0)} ms`);
  }
  return lines;
}
