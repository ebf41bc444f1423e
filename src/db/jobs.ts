import type { JobStatus } from '../campaign/statuses';
import type { JobMetrics } from '../jobs/types';
import { firstRow, type Queryable } from './transaction';

/** What an attempt's input is rendered from. */
export interface JobInput {
  charge: number;
  multiplicity: number;
  geometryXyz: string;
  extra: Record<string, string>;
  /** The pipeline step this job runs (`main` in a single-step campaign). */
  step: string;
  /** The step of the same structure whose final geometry this one starts from. */
  geometryFrom?: { step: string; jobId: string };
  /** The row's own ORCA keywords and `%` blocks (CSV columns named in the ingest settings). */
  orcaKeywords?: string;
  orcaBlocks?: string;
}

interface JobInputRow {
  charge: number;
  multiplicity: number;
  geometry_xyz: string;
  extra: Record<string, string>;
  step: string;
  structure_id: string;
  geometry_from: string | null;
  orca_keywords: string | null;
  orca_blocks: string | null;
}

export async function jobInput(
  q: Queryable,
  campaignId: string,
  jobId: string,
): Promise<JobInput | undefined> {
  return firstRow<JobInputRow, JobInput>(
    q,
    `SELECT charge, multiplicity, geometry_xyz, extra, step, structure_id, geometry_from, orca_keywords, orca_blocks
     FROM jobs WHERE campaign_id = $1 AND job_id = $2`,
    [campaignId, jobId],
    (row) => ({
      charge: row.charge,
      multiplicity: row.multiplicity,
      geometryXyz: row.geometry_xyz,
      extra: row.extra,
      step: row.step,
      ...(row.geometry_from === null
        ? {}
        : { geometryFrom: { step: row.geometry_from, jobId: `${row.structure_id}/${row.geometry_from}` } }),
      ...(row.orca_keywords === null ? {} : { orcaKeywords: row.orca_keywords }),
      ...(row.orca_blocks === null ? {} : { orcaBlocks: row.orca_blocks }),
    }),
  );
}

export interface ReadyJob {
  jobId: string;
  rowIndex: number;
  /** The pipeline step the job runs (`main` in a single-step campaign). */
  step: string;
}

/** Up to `limit` ready jobs from row `fromRowIndex` on (and below `toRowIndex`, if given), in row (then step) order. */
export async function readyJobs(
  q: Queryable,
  campaignId: string,
  fromRowIndex: number,
  limit: number,
  toRowIndex?: number,
): Promise<ReadyJob[]> {
  const { rows } = await q.query<{ job_id: string; row_index: number; step: string }>(
    `SELECT job_id, row_index, step FROM jobs
     WHERE campaign_id = $1 AND status = 'ready' AND row_index >= $2 AND ($4::int IS NULL OR row_index < $4)
     ORDER BY row_index, step_index LIMIT $3`,
    [campaignId, fromRowIndex, limit, toRowIndex ?? null],
  );
  return rows.map((r) => ({ jobId: r.job_id, rowIndex: r.row_index, step: r.step }));
}

/**
 * Which of `jobIds` are still `ready`: a job that left `ready` has (or had) a workflow of its own, so
 * a late, repeated start of it would run it again.
 */
export async function stillReadyJobs(
  q: Queryable,
  campaignId: string,
  jobIds: string[],
): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set();
  const { rows } = await q.query<{ job_id: string }>(
    `SELECT job_id FROM jobs WHERE campaign_id = $1 AND job_id = ANY($2::text[]) AND status = 'ready'`,
    [campaignId, jobIds],
  );
  return new Set(rows.map((r) => r.job_id));
}

/** One past the campaign's highest row index (0 for a campaign without jobs). */
export async function rowIndexEnd(q: Queryable, campaignId: string): Promise<number> {
  const { rows } = await q.query<{ end: number }>(
    'SELECT coalesce(max(row_index) + 1, 0) AS end FROM jobs WHERE campaign_id = $1',
    [campaignId],
  );
  return rows[0]!.end;
}

export interface DuplicateJob {
  rowIndex: number;
  duplicateOf: number;
}

/** The first `limit` jobs whose structure repeats an earlier row's, in row order. */
export async function duplicateJobs(
  q: Queryable,
  campaignId: string,
  limit: number,
): Promise<DuplicateJob[]> {
  const { rows } = await q.query<{ row_index: number; duplicate_of: number }>(
    `SELECT row_index, duplicate_of FROM jobs WHERE campaign_id = $1 AND duplicate_of IS NOT NULL
     ORDER BY row_index LIMIT $2`,
    [campaignId, limit],
  );
  return rows.map((r) => ({ rowIndex: r.row_index, duplicateOf: r.duplicate_of }));
}

export async function setJobAttempts(
  q: Queryable,
  campaignId: string,
  jobId: string,
  attempts: number,
): Promise<void> {
  await q.query('UPDATE jobs SET attempts = $3, updated_at = now() WHERE campaign_id = $1 AND job_id = $2', [
    campaignId,
    jobId,
    attempts,
  ]);
}

/** Moves the given jobs to `status`, those of them that are in one of `from`; the rest stay. */
export async function moveJobs(
  q: Queryable,
  campaignId: string,
  jobIds: string[],
  status: 'submitted' | 'running',
  from: JobStatus[],
): Promise<void> {
  await q.query(
    `UPDATE jobs SET status = $3, updated_at = now()
     WHERE campaign_id = $1 AND job_id = ANY($2::text[]) AND status = ANY($4::text[])`,
    [campaignId, jobIds, status, from],
  );
}

/** Cancels, with `reason`, the campaign's jobs that are in one of `from`. Returns how many. */
export async function cancelJobs(
  q: Queryable,
  campaignId: string,
  from: JobStatus[],
  reason: string,
): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET status = 'cancelled', reason = $3, finished_at = now(), updated_at = now()
     WHERE campaign_id = $1 AND status = ANY($2::text[])`,
    [campaignId, from, reason],
  );
  return rowCount ?? 0;
}

export interface JobOutcome {
  campaignId: string;
  jobId: string;
  status: JobStatus;
  /** Not stored for a completed job. */
  reason: string;
  attempts: number;
  metrics?: JobMetrics;
}

/**
 * A job's final status; a new failure or timeout counts towards its `fail_count`. The metrics go to
 * `metrics` and their own columns, the properties among them to `properties` and theirs.
 */
export async function recordJobOutcome(q: Queryable, outcome: JobOutcome): Promise<void> {
  const { properties: p, ...m } = outcome.metrics ?? {};
  await q.query(
    `UPDATE jobs SET status = $3, reason = $4, attempts = greatest(attempts, $5),
            final_energy_eh = $6, max_gradient_eh_bohr = $7, scf_cycles = $8, opt_cycles = $9, metrics = $10,
            properties = $11, homo_lumo_gap_ev = $12, imaginary_modes = $13, gibbs_free_energy_eh = $14,
            warning_count = $15,
            fail_count = fail_count + CASE WHEN $3 IN ('failed', 'timeout') AND status <> $3 THEN 1 ELSE 0 END,
            finished_at = now(), updated_at = now()
     WHERE campaign_id = $1 AND job_id = $2`,
    [
      outcome.campaignId,
      outcome.jobId,
      outcome.status,
      outcome.status === 'completed' ? null : outcome.reason,
      outcome.attempts,
      m.finalEnergyEh ?? null,
      m.maxGradientEhBohr ?? null,
      m.scfCycles ?? null,
      m.optimizationCycles ?? null,
      outcome.metrics ? JSON.stringify(m) : null,
      p ? JSON.stringify(p) : null,
      p?.homoLumoGapEv ?? null,
      p?.imaginaryModes ?? null,
      p?.gibbsFreeEnergyEh ?? null,
      p ? (p.warnings ?? 0) : null,
    ],
  );
}
