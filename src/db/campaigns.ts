import type { Pool } from 'pg';
import { cancelOpenAttempts } from './attempts';
import { cancelJobs } from './jobs';
import { withTransaction, type Queryable } from './transaction';

export async function campaignExists(q: Queryable, campaignId: string): Promise<boolean> {
  const { rowCount } = await q.query('SELECT 1 FROM campaigns WHERE id = $1', [campaignId]);
  return Boolean(rowCount);
}

/** A campaign's stored settings (what its workflow parsed, or just the ingest's), or undefined if it is unknown. */
export async function campaignSettings(q: Queryable, campaignId: string): Promise<unknown> {
  const { rows } = await q.query<{ settings: unknown }>('SELECT settings FROM campaigns WHERE id = $1', [
    campaignId,
  ]);
  return rows[0]?.settings;
}

/** Creates the campaign row or replaces its settings (attach mode; active learning's label campaigns). */
export async function upsertCampaign(q: Queryable, campaignId: string, settings: unknown): Promise<void> {
  await q.query(
    `INSERT INTO campaigns (id, settings) VALUES ($1, $2)
     ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
    [campaignId, JSON.stringify(settings)],
  );
}

/** The newest `limit` campaign ids, newest first. */
export async function recentCampaignIds(q: Queryable, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id FROM campaigns ORDER BY created_at DESC, id LIMIT $1',
    [limit],
  );
  return rows.map((r) => r.id);
}

/** Why a campaign's ready jobs never ran. */
const CAMPAIGN_CANCELLED = 'campaign-cancelled';
const CANCELLED_BY_CLEANUP = 'cancelled-by-cleanup';

/** Cancels the campaign's jobs that never started (ready, or pipeline steps waiting). Returns how many. */
export function cancelReadyJobs(q: Queryable, campaignId: string): Promise<number> {
  return cancelJobs(q, campaignId, ['ready', 'waiting'], CAMPAIGN_CANCELLED);
}

/**
 * Marks what a terminated campaign left behind as cancelled, in one transaction: open attempts,
 * their jobs and the jobs that never started. Returns how many of each changed.
 */
export function markCampaignLeftoversCancelled(
  pool: Pool,
  campaignId: string,
): Promise<{ attempts: number; activeJobs: number; readyJobs: number }> {
  return withTransaction(pool, async (client) => ({
    attempts: await cancelOpenAttempts(client, campaignId, CANCELLED_BY_CLEANUP),
    activeJobs: await cancelJobs(client, campaignId, ['submitted', 'running'], CANCELLED_BY_CLEANUP),
    readyJobs: await cancelReadyJobs(client, campaignId),
  }));
}
