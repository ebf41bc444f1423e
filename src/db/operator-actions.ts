import type { OperatorActionRecord } from '../campaign/operator-actions';
import { storableArguments, storableText } from './operator-action-values';
import type { Queryable } from './transaction';

export { MAX_ARGUMENTS_JSON_BYTES } from './operator-action-values';

/** One action to store: the workflow's record, the identity as found, and the recording activity. */
export interface NewOperatorAction extends Omit<OperatorActionRecord, 'identity'> {
  identity: string | null;
  /** With the record's runId, the key that makes a retried recording write nothing more. */
  activityId: string;
  /** When the workflow asked for the record; the database's clock when absent. */
  requestedAt?: Date;
}

export interface StoredOperatorAction {
  campaignId: string;
  action: string;
  /** As stored: when `argumentsCutFromBytes` is set, a string holding the start of the JSON. */
  arguments: unknown;
  argumentsCutFromBytes: number | null;
  accepted: boolean;
  refusedBecause: string | null;
  jobsAffected: number | null;
  identity: string | null;
  via: 'signal' | 'update';
  workflowId: string;
  runId: string;
  updateId: string | null;
  activityId: string;
  requestedAt: Date;
  createdAt: Date;
}

/** Stores one action. Returns false when this (run, activity) already stored it (a retry). */
export async function insertOperatorAction(q: Queryable, action: NewOperatorAction): Promise<boolean> {
  const args = storableArguments(action.arguments);
  const { rowCount } = await q.query(
    `INSERT INTO operator_actions (campaign_id, action, arguments, arguments_cut_from_bytes, accepted,
       refused_because, jobs_affected, identity, via, workflow_id, run_id, update_id, activity_id,
       requested_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, coalesce($14, now()))
     ON CONFLICT (run_id, activity_id) DO NOTHING`,
    [
      action.campaignId,
      action.action,
      args.json,
      args.cutFromBytes,
      action.accepted,
      storableText(action.refusedBecause),
      action.jobsAffected ?? null,
      storableText(action.identity),
      action.via,
      action.workflowId,
      action.runId,
      storableText(action.updateId),
      action.activityId,
      action.requestedAt ?? null,
    ],
  );
  return rowCount === 1;
}

interface OperatorActionRow {
  campaign_id: string;
  action: string;
  arguments: unknown;
  arguments_cut_from_bytes: number | null;
  accepted: boolean;
  refused_because: string | null;
  jobs_affected: number | null;
  identity: string | null;
  via: 'signal' | 'update';
  workflow_id: string;
  run_id: string;
  update_id: string | null;
  activity_id: string;
  requested_at: Date;
  created_at: Date;
  total: string;
}

/**
 * The campaign's newest `limit` (>= 1) actions, oldest first, and how many it has in all (so a
 * caller can say that older ones were left out).
 */
export async function listOperatorActions(
  q: Queryable,
  campaignId: string,
  limit: number,
): Promise<{ total: number; actions: StoredOperatorAction[] }> {
  const { rows } = await q.query<OperatorActionRow>(
    `SELECT * FROM (
       SELECT campaign_id, action, arguments, arguments_cut_from_bytes, accepted, refused_because,
              jobs_affected, identity, via, workflow_id, run_id, update_id, activity_id, requested_at,
              created_at, id, count(*) OVER () AS total
       FROM operator_actions
       WHERE campaign_id = $1
       ORDER BY requested_at DESC, id DESC
       LIMIT $2
     ) newest
     ORDER BY requested_at, id`,
    [campaignId, limit],
  );
  // with limit >= 1, no row means no action at all
  return { total: rows.length ? Number(rows[0]!.total) : 0, actions: rows.map(toStoredAction) };
}

function toStoredAction(row: OperatorActionRow): StoredOperatorAction {
  return {
    campaignId: row.campaign_id,
    action: row.action,
    arguments: row.arguments,
    argumentsCutFromBytes: row.arguments_cut_from_bytes,
    accepted: row.accepted,
    refusedBecause: row.refused_because,
    jobsAffected: row.jobs_affected,
    identity: row.identity,
    via: row.via,
    workflowId: row.workflow_id,
    runId: row.run_id,
    updateId: row.update_id,
    activityId: row.activity_id,
    requestedAt: row.requested_at,
    createdAt: row.created_at,
  };
}
