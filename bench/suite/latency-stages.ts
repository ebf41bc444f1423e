import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Pool } from 'pg';

import { fmt } from './report';
import { percentile } from './measure';

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Where a job's completion -> Postgres time goes, from its job program's end to its final row. */
interface Stages {
  /** job program's end instant -> the report signal in the history (the hook and the server) */
  toSignal: number;
  /** the signal -> the workflow task that handles it starts (workflow task queue wait) */
  toWorkflowTask: number;
  /** that task starts -> the conclude activity starts (activity queue wait) */
  toConclude: number;
  /** the conclude activity starts -> the job row is final (it reads the output and records the verdict) */
  toFinalRow: number;
}

const STAGE_NAMES: Record<keyof Stages, string> = {
  toSignal: 'end -> signal',
  toWorkflowTask: 'signal -> workflow task',
  toConclude: 'task -> conclude starts',
  toFinalRow: 'conclude starts -> row final',
};

function millis(event: HistoryEvent): number {
  const time = event.eventTime!;
  return Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}

function stagesOf(events: HistoryEvent[], endedMs: number, finishedMs: number): Stages | undefined {
  const signal = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  if (!signal) return undefined;
  const after = (id: Long | number | null | undefined) =>
    events.filter((e) => Number(e.eventId) > Number(id));
  const task = after(signal.eventId).find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const scheduled = after(signal.eventId).find(
    (e) =>
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === 'concludeAttempt',
  );
  if (!task || !scheduled) return undefined;
  const ofScheduled = (type: temporal.api.enums.v1.EventType) =>
    events.find(
      (e) =>
        e.eventType === type &&
        Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === Number(scheduled.eventId),
    );
  const started = ofScheduled(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
  if (!started) return undefined;
  return {
    toSignal: millis(signal) - endedMs,
    toWorkflowTask: millis(task) - millis(signal),
    toConclude: millis(started) - millis(task),
    toFinalRow: finishedMs - millis(started),
  };
}

/**
 * p50 / p99 of each stage over `sample` completed jobs of a self-report run (the first by row):
 * which wait makes completion -> Postgres long under load. A line for the report, or undefined.
 */
export async function latencyStages(
  client: Client,
  pool: Pool,
  campaignId: string,
  sample: number,
): Promise<string | undefined> {
  const { rows } = await pool.query<{ job_id: string; job_dir: string; finished_ms: string }>(
    `SELECT j.job_id, a.job_dir, (extract(epoch FROM j.finished_at) * 1000)::bigint AS finished_ms
     FROM jobs j JOIN attempts a USING (campaign_id, job_id)
     WHERE j.campaign_id = $1 AND j.status = 'completed' ORDER BY j.row_index LIMIT $2`,
    [campaignId, sample],
  );
  const measured: Stages[] = [];
  for (const row of rows) {
    const endedMs = Number(
      BigInt(readFileSync(path.join(row.job_dir, 'ended-at-ns'), 'utf8').trim()) / 1_000_000n,
    );
    const history = await client.workflow.getHandle(`${campaignId}/${row.job_id}`).fetchHistory();
    const stages = stagesOf(history.events ?? [], endedMs, Number(row.finished_ms));
    if (stages) measured.push(stages);
  }
  if (measured.length === 0) return undefined;
  const parts = (Object.keys(STAGE_NAMES) as (keyof Stages)[]).map((key) => {
    const values = measured.map((stages) => stages[key]);
    return `${STAGE_NAMES[key]} ${fmt(percentile(values, 50), 0)} / ${fmt(percentile(values, 99), 0)} ms`;
  });
  return `${measured.length} jobs, p50 / p99: ${parts.join('; ')}`;
}
