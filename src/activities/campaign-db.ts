import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool, PoolClient } from 'pg';
import type { CampaignSettings } from '../campaign/input';
import { emptyStatusCounts, JOB_STATUSES, type JobStatus, type StatusCounts } from '../campaign/statuses';
import { CsvRecordTooLongError, IngestHeaderError, ingestRows, type IngestedJob } from '../ingest';
import type { ResetFailedOptions } from '../workflows/messages';

const INSERT_BATCH = 1000;

export function jobIdForRow(rowIndex: number): string {
  return `row-${String(rowIndex).padStart(6, '0')}`;
}

export interface IngestCounts {
  good: number;
  bad: number;
}

/** Streams a CSV into jobs rows; idempotent (re-ingesting the same campaign adds nothing). */
export async function ingestCsvIntoCampaign(
  pool: Pool,
  campaignId: string,
  csvPath: string,
  options: CampaignSettings['ingest'],
  onProgress: (rows: number) => void = () => undefined,
): Promise<IngestCounts> {
  try {
    await access(csvPath);
  } catch {
    throw ApplicationFailure.create({
      type: 'IngestInputError',
      message: `cannot read CSV ${csvPath} on worker`,
      nonRetryable: true,
    });
  }
  let jobs: IngestedJob[] = [];
  let bad: BadRow[] = [];
  let seen = 0;
  // One transaction: a file refused half-way (e.g. a record too long near its end) leaves no rows.
  const client = await pool.connect();
  const flush = async () => {
    if (jobs.length) await insertJobs(client, campaignId, jobs);
    if (bad.length) await insertIngestErrors(client, campaignId, bad);
    jobs = [];
    bad = [];
    onProgress(seen);
  };
  try {
    await client.query('BEGIN');
    for await (const result of ingestRows(createReadStream(csvPath), options)) {
      seen += 1;
      if (result.kind === 'job') jobs.push(result.job);
      else bad.push({ rowNumber: result.rowNumber, code: result.code, reason: result.reason });
      if (jobs.length + bad.length >= INSERT_BATCH) await flush();
    }
    await flush();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (
      error instanceof IngestHeaderError ||
      error instanceof CsvRecordTooLongError ||
      (error as Error).name === 'ZodError'
    ) {
      throw ApplicationFailure.create({
        type: 'IngestInputError',
        message: (error as Error).message,
        nonRetryable: true,
      });
    }
    throw error;
  } finally {
    client.release();
  }
  return ingestCounts(pool, campaignId);
}

async function insertJobs(pool: Pool | PoolClient, campaignId: string, jobs: IngestedJob[]): Promise<void> {
  await pool.query(
    `INSERT INTO jobs (campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra)
     SELECT $1, t.job_id, t.row_index, string_to_array(t.elements, ' '), t.natoms, t.charge, t.multiplicity,
            t.geometry_xyz, t.extra::jsonb
     FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[])
       AS t(job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra)
     ON CONFLICT DO NOTHING`,
    [
      campaignId,
      jobs.map((j) => jobIdForRow(j.rowIndex)),
      jobs.map((j) => j.rowIndex),
      jobs.map((j) => j.elements.join(' ')),
      jobs.map((j) => j.natoms),
      jobs.map((j) => j.charge),
      jobs.map((j) => j.multiplicity),
      jobs.map((j) => j.geometryXyz),
      jobs.map((j) => JSON.stringify(j.extras)),
    ],
  );
}

interface BadRow {
  rowNumber: number;
  code: string;
  reason: string;
}

async function insertIngestErrors(pool: Pool | PoolClient, campaignId: string, bad: BadRow[]) {
  await pool.query(
    `INSERT INTO ingest_errors (campaign_id, row_number, code, reason)
     SELECT $1, t.row_number, t.code, t.reason FROM unnest($2::int[], $3::text[], $4::text[]) AS t(row_number, code, reason)
     ON CONFLICT DO NOTHING`,
    [campaignId, bad.map((b) => b.rowNumber), bad.map((b) => b.code), bad.map((b) => b.reason)],
  );
}

export async function ingestCounts(pool: Pool, campaignId: string): Promise<IngestCounts> {
  const { rows } = await pool.query<{ good: string; bad: string }>(
    `SELECT (SELECT count(*) FROM jobs WHERE campaign_id = $1) AS good,
            (SELECT count(*) FROM ingest_errors WHERE campaign_id = $1) AS bad`,
    [campaignId],
  );
  return { good: Number(rows[0]!.good), bad: Number(rows[0]!.bad) };
}

export async function upsertCampaign(pool: Pool, campaignId: string, settings: unknown): Promise<void> {
  await pool.query(
    `INSERT INTO campaigns (id, settings) VALUES ($1, $2)
     ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`,
    [campaignId, JSON.stringify(settings)],
  );
}

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
    async ingestCampaign({ campaignId, settings }: { campaignId: string; settings: CampaignSettings }) {
      await upsertCampaign(pool, campaignId, settings);
      if (!settings.csvPath) return ingestCounts(pool, campaignId);
      return ingestCsvIntoCampaign(pool, campaignId, settings.csvPath, settings.ingest, (rows) =>
        Context.current().heartbeat({ rows }),
      );
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
