import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { CampaignSettings } from '../campaign/input';
import { emptyStatusCounts, JOB_STATUSES, type JobStatus, type StatusCounts } from '../campaign/statuses';
import type { ResetFailedOptions } from '../workflows/messages';
import { ingestCsvIntoCampaign } from './ingest/csv-into-campaign';
import { describeDatabaseError, ingestInputError, isDataError } from './ingest/errors';
import { ingestCounts, upsertCampaign, type IngestCounts } from './ingest/store';

export { ingestCsvIntoCampaign, type IngestCsvOptions, type IngestOutcome } from './ingest/csv-into-campaign';
export {
  ingestCounts,
  insertIngestErrors,
  insertJobs,
  jobIdForRow,
  upsertCampaign,
  type IngestCounts,
} from './ingest/store';

export async function statusCounts(pool: Pool, campaignId: string): Promise<StatusCounts> {
  const { rows } = await pool.query<{ status: JobStatus; n: string }>(
    'SELECT status, count(*) AS n FROM jobs WHERE campaign_id = $1 GROUP BY status',
    [campaignId],
  );
  const counts = emptyStatusCounts();
  for (const row of rows) if (JOB_STATUSES.includes(row.status)) counts[row.status] = Number(row.n);
  return counts;
}

export function createCampaignDbActivities(pool: Pool) {
  return {
    async ingestCampaign({
      campaignId,
      settings,
    }: {
      campaignId: string;
      settings: CampaignSettings;
    }): Promise<IngestCounts> {
      if (settings.csvPath) {
        const { good, bad, duplicates } = await ingestCsvIntoCampaign(
          pool,
          campaignId,
          settings.csvPath,
          settings.ingest,
          { settings, onProgress: (rows) => Context.current().heartbeat({ rows }) },
        );
        return { good, bad, duplicates };
      }
      // attach mode: the jobs are already there (e.g. active learning or `orcastrate ingest` put them)
      const existing = await pool.query('SELECT 1 FROM campaigns WHERE id = $1', [campaignId]);
      if (!existing.rowCount) {
        throw ingestInputError(
          `campaign ${campaignId} does not exist and no csvPath was given: give csvPath to ingest a CSV, ` +
            'or ingest one first with `orcastrate ingest CSV --campaign ' +
            campaignId +
            '`',
        );
      }
      try {
        await upsertCampaign(pool, campaignId, settings);
      } catch (error) {
        if (!isDataError(error)) throw error;
        throw ingestInputError(
          `campaign ${campaignId}: Postgres refused its settings: ${describeDatabaseError(error)}`,
        );
      }
      return ingestCounts(pool, campaignId);
    },

    async readyJobs({
      campaignId,
      fromRowIndex,
      limit,
    }: {
      campaignId: string;
      fromRowIndex: number;
      limit: number;
    }) {
      const { rows } = await pool.query<{ job_id: string; row_index: number }>(
        `SELECT job_id, row_index FROM jobs
         WHERE campaign_id = $1 AND status = 'ready' AND row_index >= $2
         ORDER BY row_index LIMIT $3`,
        [campaignId, fromRowIndex, limit],
      );
      return rows.map((r) => ({ jobId: r.job_id, rowIndex: r.row_index }));
    },

    async campaignCounts({ campaignId }: { campaignId: string }): Promise<StatusCounts> {
      return statusCounts(pool, campaignId);
    },

    async failureReasons({ campaignId }: { campaignId: string }): Promise<Record<string, number>> {
      const { rows } = await pool.query<{ reason: string | null; n: string }>(
        `SELECT coalesce(reason, 'unknown') AS reason, count(*) AS n FROM jobs
         WHERE campaign_id = $1 AND status IN ('failed', 'timeout') GROUP BY 1 ORDER BY 2 DESC`,
        [campaignId],
      );
      return Object.fromEntries(rows.map((r): [string, number] => [r.reason ?? 'unknown', Number(r.n)]));
    },

    async resetFailedJobs({
      campaignId,
      includeTimeouts,
      maxFailCount,
    }: { campaignId: string } & ResetFailedOptions) {
      const statuses = includeTimeouts ? ['failed', 'timeout'] : ['failed'];
      const { rowCount } = await pool.query(
        `UPDATE jobs SET status = 'ready', reason = NULL, finished_at = NULL, updated_at = now()
         WHERE campaign_id = $1 AND status = ANY($2::text[]) AND ($3::int IS NULL OR fail_count <= $3)`,
        [campaignId, statuses, maxFailCount ?? null],
      );
      return rowCount ?? 0;
    },

    async cancelReadyJobs({ campaignId }: { campaignId: string }): Promise<number> {
      const { rowCount } = await pool.query(
        `UPDATE jobs SET status = 'cancelled', reason = 'campaign-cancelled', finished_at = now(), updated_at = now()
         WHERE campaign_id = $1 AND status = 'ready'`,
        [campaignId],
      );
      return rowCount ?? 0;
    },
  };
}
