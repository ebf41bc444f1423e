import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { percentile } from './measure';
import type { Options } from './options';
import { fmt, heading, log } from './report';
import { withOurWorker, type Stack } from './stack';
import { campaignSettings, ingestWaterJobs, instantExecutable } from './water-jobs';

export interface LatencyResult {
  jobs: number;
  p50: number;
  p99: number;
  max: number;
}

export async function completionLatency(
  stack: Stack,
  jobs: number,
  mode: 'self-report' | 'poll-only',
  pollIntervalSeconds: number,
): Promise<LatencyResult> {
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
  const { rows } = await stack.pool.query<{ job_dir: string; finished_ms: string }>(
    `SELECT a.job_dir, (extract(epoch FROM j.finished_at) * 1000)::bigint AS finished_ms
     FROM jobs j JOIN attempts a USING (campaign_id, job_id) WHERE j.campaign_id = $1 AND j.status = 'completed'`,
    [campaignId],
  );
  const latencies = rows.map((row) => {
    const endedNs = BigInt(readFileSync(path.join(row.job_dir, 'ended-at-ns'), 'utf8').trim());
    return Number(row.finished_ms) - Number(endedNs / 1_000_000n);
  });
  if (latencies.length !== jobs) throw new Error(`latency: ${latencies.length} of ${jobs} jobs completed`);
  return {
    jobs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
}

/** Section 2: how long a finished job takes to reach its final status row. */
export async function latencySection(stack: Stack, options: Options): Promise<string[]> {
  const lines = heading('2. Completion -> Postgres latency (job end instant -> status row final)');
  const poll = 2;
  lines.push(
    `${options.latencyJobs} jobs per path, 4 in flight, each ending ~1 s after it starts; poll interval ${poll} s.`,
    'The end instant is written by the job program itself (`date +%s%N` after its output);',
    '`jobs.finished_at` is set by the `finishJob` activity. Same machine clock.',
    '',
    '| path | jobs | p50 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const mode of ['self-report', 'poll-only'] as const) {
    log(`latency: ${mode}`);
    const r = await completionLatency(stack, options.latencyJobs, mode, poll);
    lines.push(`| ${mode} | ${r.jobs} | ${fmt(r.p50, 0)} ms | ${fmt(r.p99, 0)} ms | ${fmt(r.max, 0)} ms |`);
    console.log(`latency ${mode}: p50 ${fmt(r.p50, 0)} ms, p99 ${fmt(r.p99, 0)} ms`);
  }
  return lines;
}
