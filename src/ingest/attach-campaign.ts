import type { Pool } from 'pg';
import {
  campaignExists,
  describeDatabaseError,
  ingestCounts,
  isDataError,
  upsertCampaign,
  type IngestCounts,
} from '../db';
import { IngestInputError } from './input-error';
import { checkedStepRows, refuseOtherSteps } from './pipeline-steps';

/**
 * Attach mode: the campaign's jobs are already there (active learning or `orcastrate ingest` put
 * them). Stores its settings and returns its counts; an unknown campaign, or one whose jobs were
 * made for other pipeline steps, is an `IngestInputError`.
 */
export async function attachCampaign(
  pool: Pool,
  campaignId: string,
  settings: unknown,
): Promise<IngestCounts> {
  if (!(await campaignExists(pool, campaignId))) {
    throw new IngestInputError(
      `campaign ${campaignId} does not exist and no csvPath was given: give csvPath to ingest a CSV, ` +
        'or ingest one first with `orcastrate ingest CSV --campaign ' +
        campaignId +
        '`',
    );
  }
  const steps = checkedStepRows(campaignId, (settings as { steps?: unknown } | undefined)?.steps);
  await refuseOtherSteps(pool, campaignId, steps);
  try {
    await upsertCampaign(pool, campaignId, settings);
  } catch (error) {
    if (!isDataError(error)) throw error;
    throw new IngestInputError(
      `campaign ${campaignId}: Postgres refused its settings: ${describeDatabaseError(error)}`,
    );
  }
  return ingestCounts(pool, campaignId);
}
