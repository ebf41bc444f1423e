import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Pool } from 'pg';

import { REPORT_IDENTITY_PREFIX } from '../../src/schedulers/report-hook';
import { percentile } from './measure';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * CPU seconds of a process's (default: this one's) waited-for children and their descendants (cutime +
 * cstime of /proc/PID/stat): the local runner's job wrappers are the worker's children, and each waits for its job script, which
 * waits for its program and its hook.
 */
export function childrenCpuSeconds(pid: number | 'self' = 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS; // fields 16 and 17
}

/** Rows inserted, updated and deleted in the bench database so far (Postgres' statistics). */
export async function postgresRowWrites(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    'SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) AS n FROM pg_stat_user_tables',
  );
  return Number(rows[0]!.n);
}

/** Status changes of the campaign's jobs (rows the jobs table's trigger wrote into job_transitions). */
export async function jobTransitions(pool: Pool, campaignId: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM job_transitions WHERE campaign_id = $1',
    [campaignId],
  );
  return Number(rows[0]!.n);
}

/** Backends report their statistics when idle, at the latest after 10 s (Postgres 15). */
export const POSTGRES_STATS_DELAY_MS = 11_000;

/** Seconds from `beganMs` until the last of the campaign's first `window` rows had its job workflow started. */
export async function firstWindowSeconds(
  client: Client,
  campaignId: string,
  window: number,
  beganMs: number,
): Promise<number | undefined> {
  const starts = await Promise.all(
    Array.from({ length: window }, (_, row) =>
      client.workflow
        .getHandle(`${campaignId}/row-${String(row).padStart(6, '0')}`)
        .describe()
        .then((d) => d.startTime.getTime())
        .catch(() => undefined),
    ),
  );
  if (starts.some((start) => start === undefined)) return undefined; // the window never filled
  return (Math.max(...(starts as number[])) - beganMs) / 1000;
}

const { EventType } = temporal.api.enums.v1;

/** One workflow's history length and the mix of events that matter for the job shape. */
export async function eventMix(client: Client, workflowId: string): Promise<{ length: number; mix: string }> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const count = (type: temporal.api.enums.v1.EventType) =>
    events.filter((event) => event.eventType === type).length;
  const viaCurl = events.filter((event) =>
    event.workflowExecutionSignaledEventAttributes?.identity?.startsWith(REPORT_IDENTITY_PREFIX.curl),
  ).length;
  const markers = (name: string) =>
    events.filter((event) => event.markerRecordedEventAttributes?.markerName === name).length;
  const mix =
    `${count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)} activities, ` +
    `${markers('core_local_activity')} local activities, ` +
    `${count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)} signals in (${viaCurl} via curl), ` +
    `${count(EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)} out, ` +
    `${count(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)} search-attribute upserts, ` +
    `${markers('core_patch')} patches, ` +
    `${count(EventType.EVENT_TYPE_TIMER_STARTED)} timers, ` +
    `${count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)} workflow tasks`;
  return { length: events.length, mix };
}

/** Runs of a workflow id (1 + continue-as-new count) and their events, all runs together. */
export async function runsOf(client: Client, workflowId: string): Promise<{ runs: number; events: number }> {
  let runs = 0;
  let events = 0;
  for await (const info of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs += 1;
    // visibility holds a run's history length from its close on: ask a running one directly
    events +=
      info.status.name === 'RUNNING'
        ? (await client.workflow.getHandle(workflowId, info.runId).describe()).historyLength
        : info.historyLength;
  }
  return { runs, events };
}

/**
 * Job end -> final status row, for every completed job of the campaign: the end instant written by the
 * job program itself (ended-at-ns, before its completion hook runs) vs jobs.finished_at.
 */
export async function completionLatencies(
  pool: Pool,
  campaignId: string,
): Promise<{ jobs: number; p50Ms: number; p99Ms: number } | undefined> {
  const { rows } = await pool.query<{ job_dir: string; finished_ms: string }>(
    `SELECT a.job_dir, (extract(epoch FROM j.finished_at) * 1000)::bigint AS finished_ms
     FROM jobs j JOIN attempts a USING (campaign_id, job_id) WHERE j.campaign_id = $1 AND j.status = 'completed'`,
    [campaignId],
  );
  const latencies = rows.map((row) => {
    const endedNs = BigInt(readFileSync(path.join(row.job_dir, 'ended-at-ns'), 'utf8').trim());
    return Number(row.finished_ms) - Number(endedNs / 1_000_000n);
  });
  if (latencies.length === 0) return undefined;
  return { jobs: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
