import type { Pool } from 'pg';
import { ingestCounts, statusCounts } from '../activities/campaign-db';
import type { StatusCounts } from '../campaign/statuses';

export interface MetricStats {
  n: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}

export interface FailedJob {
  jobId: string;
  rowIndex: number;
  status: string;
  reason: string | null;
  attempts: number;
  detail: string | null;
}

export interface CampaignReport {
  campaignId: string;
  counts: StatusCounts;
  ingest: { good: number; bad: number; duplicates?: number };
  failureReasons: Record<string, number>;
  metrics: { maxGradientEhBohr: MetricStats; scfCycles: MetricStats; finalEnergyEh: MetricStats };
  failed?: FailedJob[];
}

const METRIC_COLUMNS = {
  maxGradientEhBohr: 'max_gradient_eh_bohr',
  scfCycles: 'scf_cycles',
  finalEnergyEh: 'final_energy_eh',
} as const;

export async function campaignExists(pool: Pool, campaignId: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM campaigns WHERE id = $1', [campaignId]);
  return Boolean(rowCount);
}

/** Everything `orcastrate status` shows, straight from Postgres. */
export async function loadCampaignReport(
  pool: Pool,
  campaignId: string,
  withFailed = false,
): Promise<CampaignReport> {
  const [counts, ingest, reasons] = await Promise.all([
    statusCounts(pool, campaignId),
    ingestCounts(pool, campaignId),
    pool.query<{ reason: string; n: string }>(
      `SELECT coalesce(reason, 'unknown') AS reason, count(*) AS n FROM jobs
       WHERE campaign_id = $1 AND status IN ('failed', 'timeout') GROUP BY 1 ORDER BY 2 DESC, 1`,
      [campaignId],
    ),
  ]);
  const metricEntries = await Promise.all(
    Object.entries(METRIC_COLUMNS).map(
      async ([name, column]) => [name, await metricStats(pool, campaignId, column)] as const,
    ),
  );
  const report: CampaignReport = {
    campaignId,
    counts,
    ingest,
    failureReasons: Object.fromEntries(reasons.rows.map((r) => [r.reason, Number(r.n)])),
    metrics: Object.fromEntries(metricEntries) as CampaignReport['metrics'],
  };
  if (withFailed) report.failed = await failedJobs(pool, campaignId);
  return report;
}

async function metricStats(pool: Pool, campaignId: string, column: string): Promise<MetricStats> {
  // column comes from METRIC_COLUMNS only, never from user input
  const { rows } = await pool.query<{
    n: string;
    mean: number | null;
    median: number | null;
    min: number | null;
    max: number | null;
  }>(
    `SELECT count(${column}) AS n, avg(${column})::float8 AS mean,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column})::float8 AS median,
            min(${column})::float8 AS min, max(${column})::float8 AS max
     FROM jobs WHERE campaign_id = $1 AND status = 'completed'`,
    [campaignId],
  );
  const row = rows[0]!;
  return { n: Number(row.n), mean: row.mean, median: row.median, min: row.min, max: row.max };
}

async function failedJobs(pool: Pool, campaignId: string): Promise<FailedJob[]> {
  const { rows } = await pool.query<{
    job_id: string;
    row_index: number;
    status: string;
    reason: string | null;
    attempts: number;
    detail: string | null;
  }>(
    `SELECT j.job_id, j.row_index, j.status, j.reason, j.attempts, a.verdict->>'detail' AS detail
     FROM jobs j
     LEFT JOIN attempts a ON a.campaign_id = j.campaign_id AND a.job_id = j.job_id AND a.attempt = j.attempts
     WHERE j.campaign_id = $1 AND j.status IN ('failed', 'timeout')
     ORDER BY j.row_index`,
    [campaignId],
  );
  return rows.map((r) => ({
    jobId: r.job_id,
    rowIndex: r.row_index,
    status: r.status,
    reason: r.reason,
    attempts: r.attempts,
    detail: r.detail,
  }));
}
