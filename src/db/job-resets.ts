import type { Pool } from 'pg';
import type { JobOverrides } from '../campaign/operator-requests';
import { FINAL_JOB_STATUSES, type JobStatus } from '../campaign/statuses';
import { firstRow, withTransaction, type Queryable } from './transaction';

export interface ResetFilter {
  includeTimeouts?: boolean;
  maxFailCount?: number;
  /** A job matches a reason when its reason is that reason, or starts with it and a colon. */
  reasons?: string[];
  jobIds?: string[];
  overrides?: JobOverrides;
}

// A new override merges into the job's earlier ones: the operator's fixes stay until changed.
const MERGE_OVERRIDES = `overrides = CASE WHEN $1::jsonb IS NULL THEN overrides
                                         ELSE coalesce(overrides, '{}'::jsonb) || $1::jsonb END`;

/** Makes failed jobs (and timed-out ones if asked) that pass the filter ready again. Returns how many. */
export async function resetFailedJobs(
  q: Queryable,
  campaignId: string,
  filter: ResetFilter,
): Promise<number> {
  const statuses: JobStatus[] = filter.includeTimeouts ? ['failed', 'timeout'] : ['failed'];
  const { rowCount } = await q.query(
    `UPDATE jobs j SET status = 'ready', reason = NULL, finished_at = NULL, updated_at = now(), ${MERGE_OVERRIDES}
     WHERE campaign_id = $2 AND status = ANY($3::text[])
       AND ($4::int IS NULL OR fail_count <= $4)
       AND ($5::text[] IS NULL OR job_id = ANY($5::text[]))
       AND ($6::text[] IS NULL OR EXISTS (
             SELECT 1 FROM unnest($6::text[]) AS r(reason)
             WHERE j.reason = r.reason OR left(j.reason, length(r.reason) + 1) = r.reason || ':'))`,
    [
      overridesParam(filter.overrides),
      campaignId,
      statuses,
      filter.maxFailCount ?? null,
      filter.jobIds ?? null,
      filter.reasons ?? null,
    ],
  );
  return rowCount ?? 0;
}

export interface RetryOutcome {
  retried: number;
  /** Named jobs the campaign does not have. */
  unknown: string[];
  /** Named jobs that are not final (ready, submitted or running), with their status. */
  notFinal: { jobId: string; status: JobStatus }[];
}

/** Makes the named jobs ready again, all or none: none when one is unknown or not final yet. */
export async function retryJobs(
  pool: Pool,
  campaignId: string,
  jobIds: string[],
  overrides: JobOverrides | undefined,
): Promise<RetryOutcome> {
  const wanted = [...new Set(jobIds)];
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ job_id: string; status: JobStatus }>(
      `SELECT job_id, status FROM jobs WHERE campaign_id = $1 AND job_id = ANY($2::text[]) FOR UPDATE`,
      [campaignId, wanted],
    );
    const found = new Map(rows.map((row) => [row.job_id, row.status]));
    const unknown = wanted.filter((id) => !found.has(id));
    const notFinal = rows
      .filter((row) => !FINAL_JOB_STATUSES.includes(row.status))
      .map((row) => ({ jobId: row.job_id, status: row.status }));
    if (unknown.length > 0 || notFinal.length > 0) return { retried: 0, unknown, notFinal };
    const { rowCount } = await client.query(
      `UPDATE jobs SET status = 'ready', reason = NULL, finished_at = NULL, updated_at = now(), ${MERGE_OVERRIDES}
       WHERE campaign_id = $2 AND job_id = ANY($3::text[])`,
      [overridesParam(overrides), campaignId, wanted],
    );
    return { retried: rowCount ?? 0, unknown, notFinal };
  });
}

/** The operator's overrides for the job's next attempts, if any. */
export async function jobOverrides(
  q: Queryable,
  campaignId: string,
  jobId: string,
): Promise<JobOverrides | undefined> {
  const overrides = await firstRow<{ overrides: JobOverrides | null }, JobOverrides | null>(
    q,
    'SELECT overrides FROM jobs WHERE campaign_id = $1 AND job_id = $2',
    [campaignId, jobId],
    (row) => row.overrides,
  );
  return overrides ?? undefined;
}

function overridesParam(overrides: JobOverrides | undefined): string | null {
  return overrides && Object.keys(overrides).length > 0 ? JSON.stringify(overrides) : null;
}
