import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { query } from '../crash/support';

/** One activity of a workflow's history: where it was scheduled and which worker ran it. */
export interface ActivityRun {
  workflowId: string;
  activity: string;
  taskQueue: string;
  /** Its task-queue priority as scheduled (0: none given, the server's default). */
  priorityKey: number;
  /** The identity of the worker whose attempt completed it (absent: never started). */
  identity?: string;
  /** Which attempt that was: above 1 when an earlier one failed or its worker died. */
  attempt?: number;
}

/**
 * Activities that act on a local job's files, processes or output, or on the campaign's local
 * runner (the README's host-bound list). Written out here, not imported: the test checks the code.
 */
export const HOST_BOUND_ACTIVITIES = [
  'checkCampaignPrerequisites',
  'prepareAttempt',
  'submitAttempt',
  'prepareAndSubmitAttempt',
  'checkAttempt',
  'outputAgeMs',
  'cancelAttempt',
  'evaluateAttempt',
  'concludeAttempt',
  'pollCampaign',
];

/** The campaign's workflow and its job workflows (ids from Postgres), latest run of each. */
export async function campaignWorkflowIds(campaignId: string): Promise<string[]> {
  const jobs = await query<{ job_id: string }>(
    'SELECT job_id FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
    [campaignId],
  );
  return [campaignId, ...jobs.map((job) => `${campaignId}/${job.job_id}`)];
}

export async function activityRuns(client: Client, workflowIds: string[]): Promise<ActivityRun[]> {
  const runs: ActivityRun[] = [];
  for (const workflowId of workflowIds) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const scheduled = new Map<string, ActivityRun>();
    for (const event of events) {
      const attributes = event.activityTaskScheduledEventAttributes;
      if (attributes) {
        const run: ActivityRun = {
          workflowId,
          activity: attributes.activityType?.name ?? '?',
          taskQueue: attributes.taskQueue?.name ?? '?',
          priorityKey: attributes.priority?.priorityKey ?? 0,
        };
        scheduled.set(String(event.eventId), run);
        runs.push(run);
      }
      const started = event.activityTaskStartedEventAttributes;
      if (started) {
        const run = scheduled.get(String(started.scheduledEventId));
        if (run) {
          run.identity = started.identity ?? undefined;
          run.attempt = started.attempt ?? undefined;
        }
      }
    }
  }
  return runs;
}

/** Identities of the workers that ran the workflow tasks of these workflows. */
export async function workflowTaskIdentities(client: Client, workflowIds: string[]): Promise<Set<string>> {
  const identities = new Set<string>();
  for (const workflowId of workflowIds) {
    for (const event of (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? []) {
      const identity = event.workflowTaskStartedEventAttributes?.identity;
      if (identity) identities.add(identity);
    }
  }
  return identities;
}

/** Job names in a local-runner index under the data root (`.local-runner` or `.local-runner@<host>`). */
export function namesInIndex(dataRoot: string, indexDir: string): string[] {
  const names = path.join(dataRoot, indexDir, 'names');
  return existsSync(names) ? readdirSync(names).sort() : [];
}

/** What the host-bound activities have done so far: attempts prepared, submitted, judged. */
export async function attemptProgress(campaignId: string): Promise<string[]> {
  const rows = await query<{ job_id: string; attempt: number; scheduler_id: string | null; status: string }>(
    'SELECT job_id, attempt, scheduler_id, status FROM attempts WHERE campaign_id = $1 ORDER BY job_id, attempt',
    [campaignId],
  );
  return rows.map((row) => `${row.job_id}.a${row.attempt} ${row.scheduler_id ?? '-'} ${row.status}`);
}
