import type { Pool } from 'pg';
import type { JobStatus, StatusCounts } from '../campaign/statuses';
import { statusCounts } from './job-stats';
import { withTransaction } from './transaction';

/** One change of a job's status, as the `jobs_status_transition` trigger recorded it. */
export interface JobTransition {
  /** Insertion order; unique. */
  id: string;
  /** The writing transaction's id (xid8 as text). */
  xid: string;
  jobId: string;
  rowIndex: number;
  from: JobStatus;
  to: JobStatus;
  reason: string | null;
  attempts: number;
  at: Date;
}

export interface TransitionWindow {
  /** Every transaction below this id had finished when the window was read (xid8 as text). */
  xmin: string;
  /** Transitions of transactions from `sinceXid` on that were visible, in insertion order. */
  transitions: JobTransition[];
  /** Status counts in the same snapshot, when asked for. */
  counts?: StatusCounts;
}

interface TransitionRow {
  id: string;
  xid: string;
  job_id: string;
  row_index: number;
  from_status: JobStatus;
  to_status: JobStatus;
  reason: string | null;
  attempts: number;
  at: Date;
}

/**
 * The campaign's transitions written by transactions with id ≥ `sinceXid` (default: this snapshot's
 * xmin, i.e. only those a later read could otherwise see a second time), the snapshot's xmin, and
 * optionally the status counts, all from one repeatable-read snapshot so they agree with each other.
 */
export function readTransitionWindow(
  pool: Pool,
  campaignId: string,
  options: { sinceXid?: string; withCounts?: boolean } = {},
): Promise<TransitionWindow> {
  return withTransaction(pool, async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const { rows: snapshot } = await client.query<{ xmin: string }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
    );
    const xmin = snapshot[0]!.xmin;
    const { rows } = await client.query<TransitionRow>(
      `SELECT t.id::text AS id, t.xid::text AS xid, t.job_id, j.row_index, t.from_status, t.to_status,
              t.reason, t.attempts, t.at
       FROM job_transitions t
       JOIN jobs j ON j.campaign_id = t.campaign_id AND j.job_id = t.job_id
       WHERE t.campaign_id = $1 AND t.xid >= $2::xid8
       ORDER BY t.id`,
      [campaignId, options.sinceXid ?? xmin],
    );
    const window: TransitionWindow = {
      xmin,
      transitions: rows.map((r) => ({
        id: r.id,
        xid: r.xid,
        jobId: r.job_id,
        rowIndex: r.row_index,
        from: r.from_status,
        to: r.to_status,
        reason: r.reason,
        attempts: r.attempts,
        at: r.at,
      })),
    };
    if (options.withCounts) window.counts = await statusCounts(client, campaignId);
    return window;
  });
}
