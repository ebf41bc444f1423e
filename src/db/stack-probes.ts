import type { Queryable } from './transaction';

export interface StackProbe {
  workflowId: string;
  runId: string;
  message: string;
  activityAttempt: number;
}

/** Writes (or re-writes, on retry) the one row of a workflow run. Returns the row's id. */
export async function recordStackProbe(q: Queryable, probe: StackProbe): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO stack_probes (workflow_id, run_id, message, activity_attempt)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (workflow_id, run_id)
     DO UPDATE SET message = EXCLUDED.message, activity_attempt = EXCLUDED.activity_attempt
     RETURNING id`,
    [probe.workflowId, probe.runId, probe.message, probe.activityAttempt],
  );
  return Number(rows[0]!.id);
}
