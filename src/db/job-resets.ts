import type { Pool } from 'pg';
import type { JobOverrides } from '../campaign/operator-requests';
import { SINGLE_STEP_NAME } from '../campaign/resolve-steps';
import { FINAL_JOB_STATUSES, type JobStatus } from '../campaign/statuses';
import { lockStructures, reopenStructures, structureOfJob } from './job-steps';
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
const mergeOverrides = (param: string) =>
  `overrides = CASE WHEN ${param}::jsonb IS NULL THEN overrides ELSE coalesce(overrides, '{}'::jsonb) || ${param}::jsonb END`;

/** The jobs a reset filter picks ($1 campaign, $2 statuses, $3 max fail count, $4 job ids, $5 reasons). */
const RESET_MATCH = `campaign_id = $1 AND status = ANY($2::text[])
       AND ($3::int IS NULL OR fail_count <= $3)
       AND ($4::text[] IS NULL OR job_id = ANY($4::text[]))
       AND ($5::text[] IS NULL OR EXISTS (
             SELECT 1 FROM unnest($5::text[]) AS r(reason)
             WHERE j.reason = r.reason OR left(j.reason, length(r.reason) + 1) = r.reason || ':'))`;

/**
 * Makes failed jobs (and timed-out ones if asked) that pass the filter ready again; the pipeline
 * steps they blocked wait for them again. Returns how many jobs were reset.
 */
export function resetFailedJobs(pool: Pool, campaignId: string, filter: ResetFilter): Promise<number> {
  const statuses: JobStatus[] = filter.includeTimeouts ? ['failed', 'timeout'] : ['failed'];
  const match = [
    campaignId,
    statuses,
    filter.maxFailCount ?? null,
    filter.jobIds ?? null,
    filter.reasons ?? null,
  ];
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ structure_id: string }>(
      `SELECT DISTINCT structure_id FROM jobs j WHERE step <> '${SINGLE_STEP_NAME}' AND ${RESET_MATCH}`,
      match,
    );
    const structures = rows.map((row) => row.structure_id);
    await lockStructures(client, campaignId, structures);
    const { rowCount } = await client.query(
      `UPDATE jobs j SET status = 'ready', reason = NULL, finished_at = NULL, updated_at = now(),
              ${mergeOverrides('$6')}
       WHERE ${RESET_MATCH}`,
      [...match, overridesParam(filter.overrides)],
    );
    await reopenStructures(client, campaignId, structures);
    return rowCount ?? 0;
  });
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
    const structures = [...new Set(wanted.map(structureOfJob))];
    await lockStructures(client, campaignId, structures);
    const { rowCount } = await client.query(
      `UPDATE jobs SET status = 'ready', reason = NULL, finished_at = NULL, updated_at = now(), ${mergeOverrides('$1')}
       WHERE campaign_id = $2 AND job_id = ANY($3::text[])`,
      [overridesParam(overrides), campaignId, wanted],
    );
    await reopenStructures(client, campaignId, structures);
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
