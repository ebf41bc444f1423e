import type { Pool } from 'pg';
import { UNSUCCESSFUL_JOB_STATUSES } from '../campaign/statuses';
import { recordJobOutcome, type JobOutcome } from './jobs';
import { withTransaction, type Queryable } from './transaction';

/** What finishing a pipeline step changed in its structure's other steps. */
export interface StepPropagation {
  /** Dependants whose dependencies have now all completed: `waiting` → `ready`. */
  promoted: number;
  /** Dependants (direct or not) of a step that failed, timed out or was cancelled: → `blocked`. */
  blocked: number;
}

/** The steps the campaign's first structure has rows for, in run order (`[]` for a campaign without jobs). */
export async function storedStepNames(q: Queryable, campaignId: string): Promise<string[]> {
  const { rows } = await q.query<{ step: string }>(
    `SELECT step FROM jobs
     WHERE campaign_id = $1 AND row_index = (SELECT min(row_index) FROM jobs WHERE campaign_id = $1)
     ORDER BY step_index`,
    [campaignId],
  );
  return rows.map((row) => row.step);
}

/** The structure a job id belongs to: `<structure>/<step>` for pipeline steps, the id itself otherwise. */
export function structureOfJob(jobId: string): string {
  return jobId.split('/')[0]!;
}

/**
 * A job's final status and, in the same transaction, what it means for the steps of its structure
 * that depend on it. The structure's rows are locked first, so two of its steps finishing at once
 * see each other's outcome and one of them promotes a step waiting for both.
 */
export function finishJobAndDependants(pool: Pool, outcome: JobOutcome): Promise<StepPropagation> {
  return withTransaction(pool, async (client) => {
    const structure = structureOfJob(outcome.jobId);
    await lockStructures(client, outcome.campaignId, [structure]);
    await recordJobOutcome(client, outcome);
    if (outcome.status === 'completed') {
      return { promoted: await promoteWaiting(client, outcome.campaignId, [structure]), blocked: 0 };
    }
    if (UNSUCCESSFUL_JOB_STATUSES.includes(outcome.status)) {
      return { promoted: 0, blocked: await blockDependants(client, outcome.campaignId, [structure]) };
    }
    return { promoted: 0, blocked: 0 };
  });
}

/** Locks every row of the structures (in one order, so concurrent callers cannot deadlock). */
export async function lockStructures(q: Queryable, campaignId: string, structures: string[]): Promise<void> {
  await q.query(
    `SELECT 1 FROM jobs WHERE campaign_id = $1 AND structure_id = ANY($2::text[])
     ORDER BY structure_id, step_index FOR UPDATE`,
    [campaignId, structures],
  );
}

/** `waiting` steps of the structures whose dependencies all completed become `ready`. Returns how many. */
export async function promoteWaiting(
  q: Queryable,
  campaignId: string,
  structures: string[],
): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE jobs d SET status = 'ready', reason = NULL, updated_at = now()
     WHERE d.campaign_id = $1 AND d.structure_id = ANY($2::text[]) AND d.status = 'waiting'
       AND NOT EXISTS (
         SELECT 1 FROM jobs p
         WHERE p.campaign_id = d.campaign_id AND p.structure_id = d.structure_id
           AND p.step = ANY(d.depends_on) AND p.status <> 'completed')`,
    [campaignId, structures],
  );
  return rowCount ?? 0;
}

/**
 * Every step of the structures that depends, directly or not, on a step that failed, timed out or
 * was cancelled, and has not run (`waiting`, `ready`), becomes `blocked`, naming the step it waited
 * for. Returns how many.
 */
export async function blockDependants(
  q: Queryable,
  campaignId: string,
  structures: string[],
): Promise<number> {
  const { rowCount } = await q.query(
    `WITH RECURSIVE unreachable(structure_id, step, cause) AS (
       SELECT structure_id, step, step || ' ' || status FROM jobs
       WHERE campaign_id = $1 AND structure_id = ANY($2::text[]) AND status = ANY($3::text[])
       UNION
       SELECT d.structure_id, d.step, u.cause FROM jobs d
       JOIN unreachable u ON d.structure_id = u.structure_id AND u.step = ANY(d.depends_on)
       WHERE d.campaign_id = $1
     ),
     first_cause AS (
       SELECT DISTINCT ON (structure_id, step) structure_id, step, cause FROM unreachable ORDER BY structure_id, step, cause
     )
     UPDATE jobs j SET status = 'blocked', reason = 'dependency-failed: ' || c.cause,
                       finished_at = now(), updated_at = now()
     FROM first_cause c
     WHERE j.campaign_id = $1 AND j.structure_id = c.structure_id AND j.step = c.step
       AND j.status IN ('waiting', 'ready')`,
    [campaignId, structures, UNSUCCESSFUL_JOB_STATUSES],
  );
  return rowCount ?? 0;
}

/**
 * After some of the structures' steps were made ready again (reset, retry): their `blocked` steps,
 * and ready ones with a dependency not completed, wait again; those still behind an unsuccessful
 * step are blocked again, and those whose dependencies all completed are ready. Call with the
 * structures locked.
 */
export async function reopenStructures(
  q: Queryable,
  campaignId: string,
  structures: string[],
): Promise<void> {
  if (structures.length === 0) return;
  await q.query(
    `UPDATE jobs d SET status = 'waiting', reason = NULL, finished_at = NULL, updated_at = now()
     WHERE d.campaign_id = $1 AND d.structure_id = ANY($2::text[])
       AND (d.status = 'blocked' OR (d.status = 'ready' AND EXISTS (
             SELECT 1 FROM jobs p
             WHERE p.campaign_id = d.campaign_id AND p.structure_id = d.structure_id
               AND p.step = ANY(d.depends_on) AND p.status <> 'completed')))`,
    [campaignId, structures],
  );
  await blockDependants(q, campaignId, structures);
  await promoteWaiting(q, campaignId, structures);
}
