import type { WorkflowHandle } from '@temporalio/client';
import { readHarnessState } from '../harness/state';
import { query } from '../campaign/support';
import { waitFor } from '../adversarial/support';
import type { campaign } from '../../src/workflows';
import { campaignStatusQuery } from '../../src/workflows/messages';

export interface AttemptRow {
  job_id: string;
  attempt: number;
  status: string;
  resources: {
    memoryMb: number;
    walltimeMinutes: number;
    cores: number;
    blocks?: string[];
    keywords?: string;
  };
  corrections: { handler: string; action: string; from?: unknown; to?: unknown }[];
  job_dir: string;
}

export async function attemptsOf(campaignId: string): Promise<AttemptRow[]> {
  return query<AttemptRow>(
    `SELECT job_id, attempt, status, resources, corrections, job_dir FROM attempts
     WHERE campaign_id = $1 ORDER BY job_id, attempt`,
    [campaignId],
  );
}

export async function jobRows(
  campaignId: string,
): Promise<{ job_id: string; status: string; reason: string | null }[]> {
  return query('SELECT job_id, status, reason FROM jobs WHERE campaign_id = $1 ORDER BY row_index', [
    campaignId,
  ]);
}

/** Waits until the campaign reports `settled` (every job final, workflow still open). */
export async function waitUntilSettled(
  handle: WorkflowHandle<typeof campaign>,
  timeoutMs = 90_000,
): Promise<void> {
  await waitFor(
    async () => (await handle.query(campaignStatusQuery).catch(() => undefined))?.phase === 'settled',
    timeoutMs,
    'campaign settled',
  );
}

/** The environment the built CLI needs to reach this jest run's Temporal and Postgres. */
export function cliEnvironment(taskQueue: string): Record<string, string> {
  const state = readHarnessState();
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    TEMPORAL_ADDRESS: state.temporalAddress,
    TEMPORAL_NAMESPACE: state.temporalNamespace,
    DATABASE_URL: state.databaseUrl,
    ORCASTRATE_TASK_QUEUE: taskQueue,
  };
}

export interface ActionRow {
  action: string;
  via: string;
  accepted: boolean;
  refused_because: string | null;
  jobs_affected: number | null;
  identity: string | null;
}

/** The campaign's audit trail, oldest first. */
export async function actionsOf(campaignId: string): Promise<ActionRow[]> {
  return query<ActionRow>(
    `SELECT action, via, accepted, refused_because, jobs_affected, identity FROM operator_actions
     WHERE campaign_id = $1 ORDER BY requested_at, id`,
    [campaignId],
  );
}
