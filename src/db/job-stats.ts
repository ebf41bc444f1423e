import { emptyStatusCounts, JOB_STATUSES, type JobStatus, type StatusCounts } from '../campaign/statuses';
import type { Queryable } from './transaction';
import { jobSummaryOf, type JobSummary, type JobSummaryRow } from './job-listing';

/**
 * How many of the campaign's jobs are in each status: the sums of the counter rows the triggers on
 * `jobs` append (migration 0009), a few rows per status changed since the last compaction, whatever
 * the campaign's size. Read-only.
 */
export async function statusCounts(q: Queryable, campaignId: string): Promise<StatusCounts> {
  const { rows } = await q.query<{ status: JobStatus; n: string }>(
    'SELECT status, sum(count) AS n FROM campaign_status_counts WHERE campaign_id = $1 GROUP BY status',
    [campaignId],
  );
  return countsOf(rows);
}

/**
 * statusCounts, folding the campaign's counter rows into one per status on the way (in one statement:
 * rows appended meanwhile by other transactions stay and are summed by the next read).
 */
export async function compactStatusCounts(q: Queryable, campaignId: string): Promise<StatusCounts> {
  const { rows } = await q.query<{ status: JobStatus; n: string }>(
    `WITH folded AS (
       DELETE FROM campaign_status_counts WHERE campaign_id = $1 RETURNING status, count
     ), kept AS (
       INSERT INTO campaign_status_counts (campaign_id, status, count)
       SELECT $1, status, sum(count) FROM folded GROUP BY status HAVING sum(count) <> 0
       RETURNING status, count
     )
     SELECT status, count AS n FROM kept`,
    [campaignId],
  );
  return countsOf(rows);
}

function countsOf(rows: { status: JobStatus; n: string }[]): StatusCounts {
  const counts = emptyStatusCounts();
  for (const row of rows) if (JOB_STATUSES.includes(row.status)) counts[row.status] = Number(row.n);
  return counts;
}

export interface StepCounts {
  step: string;
  counts: StatusCounts;
}

/** A pipeline campaign's status counts per step, in run order; [] for a single-step campaign. */
export async function stepStatusCounts(q: Queryable, campaignId: string): Promise<StepCounts[]> {
  const { rows } = await q.query<{ step: string; status: JobStatus; n: string }>(
    `SELECT step, status, count(*) AS n FROM jobs WHERE campaign_id = $1 AND step <> 'main'
     GROUP BY step_index, step, status ORDER BY step_index, step`,
    [campaignId],
  );
  const steps = new Map<string, StatusCounts>();
  for (const row of rows) {
    const counts = steps.get(row.step) ?? emptyStatusCounts();
    if (JOB_STATUSES.includes(row.status)) counts[row.status] = Number(row.n);
    steps.set(row.step, counts);
  }
  return [...steps].map(([step, counts]) => ({ step, counts }));
}

/** Failed and timed-out jobs per reason, most frequent first. */
export async function failureReasons(q: Queryable, campaignId: string): Promise<Record<string, number>> {
  const { rows } = await q.query<{ reason: string; n: string }>(
    `SELECT coalesce(reason, 'unknown') AS reason, count(*) AS n FROM jobs
     WHERE campaign_id = $1 AND status IN ('failed', 'timeout') GROUP BY 1 ORDER BY 2 DESC, 1`,
    [campaignId],
  );
  return Object.fromEntries(rows.map((r): [string, number] => [r.reason, Number(r.n)]));
}

/** The per-job results kept in their own columns (metrics, then properties). */
const METRIC_COLUMNS = {
  finalEnergyEh: 'final_energy_eh',
  maxGradientEhBohr: 'max_gradient_eh_bohr',
  scfCycles: 'scf_cycles',
  homoLumoGapEv: 'homo_lumo_gap_ev',
  imaginaryModes: 'imaginary_modes',
  gibbsFreeEnergyEh: 'gibbs_free_energy_eh',
  warningCount: 'warning_count',
} as const;
export type JobMetricName = keyof typeof METRIC_COLUMNS;

export interface MetricStats {
  n: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}

interface MetricStatsRow {
  n: string;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}

/** Statistics of one metric over the campaign's completed jobs. */
export async function metricStats(
  q: Queryable,
  campaignId: string,
  metric: JobMetricName,
): Promise<MetricStats> {
  const column = METRIC_COLUMNS[metric];
  const { rows } = await q.query<MetricStatsRow>(
    `SELECT count(${column}) AS n, avg(${column})::float8 AS mean,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column})::float8 AS median,
            min(${column})::float8 AS min, max(${column})::float8 AS max
     FROM jobs WHERE campaign_id = $1 AND status = 'completed'`,
    [campaignId],
  );
  const row = rows[0]!;
  return { n: Number(row.n), mean: row.mean, median: row.median, min: row.min, max: row.max };
}

/**
 * Completed jobs per bin of width `width` from `lo`; values past the last of `bins` bins count in
 * it. Bins without jobs are absent.
 */
export async function metricHistogram(
  q: Queryable,
  campaignId: string,
  metric: JobMetricName,
  bins: { lo: number; width: number; count: number },
): Promise<{ bin: number; n: number }[]> {
  const column = METRIC_COLUMNS[metric];
  const { rows } = await q.query<{ bin: number; n: string }>(
    `SELECT least(floor((${column}::float8 - $2::float8) / $3::float8)::int, $4::int - 1) AS bin, count(*) AS n
     FROM jobs WHERE campaign_id = $1 AND status = 'completed' AND ${column} IS NOT NULL GROUP BY 1`,
    [campaignId, bins.lo, bins.width, bins.count],
  );
  return rows.map((r) => ({ bin: r.bin, n: Number(r.n) }));
}

/** Completed jobs whose frequency calculation found imaginary modes (not minima). */
export async function jobsWithImaginaryModes(q: Queryable, campaignId: string): Promise<number> {
  const { rows } = await q.query<{ n: string }>(
    `SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status = 'completed' AND imaginary_modes > 0`,
    [campaignId],
  );
  return Number(rows[0]?.n ?? 0);
}

export interface FailedJob extends JobSummary {
  /** From the verdict of the job's last attempt. */
  detail: string | null;
}

interface FailedJobRow extends JobSummaryRow {
  detail: string | null;
}

/** Failed and timed-out jobs in row order. */
export async function failedJobs(q: Queryable, campaignId: string): Promise<FailedJob[]> {
  const { rows } = await q.query<FailedJobRow>(
    `SELECT j.job_id, j.row_index, j.status, j.reason, j.attempts, a.verdict->>'detail' AS detail
     FROM jobs j
     LEFT JOIN attempts a ON a.campaign_id = j.campaign_id AND a.job_id = j.job_id AND a.attempt = j.attempts
     WHERE j.campaign_id = $1 AND j.status IN ('failed', 'timeout')
     ORDER BY j.row_index, j.step_index`,
    [campaignId],
  );
  return rows.map((r) => ({ ...jobSummaryOf(r), detail: r.detail }));
}
