import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';

export interface StackProbeRow {
  rowId: number;
  attempt: number;
}

export function createStackProbeActivities(pool: Pool) {
  return {
    /** Writes (or re-writes, on retry) one row per workflow run. */
    async recordStackProbe(message: string): Promise<StackProbeRow> {
      const info = Context.current().info;
      const execution = info.workflowExecution;
      if (!execution) throw new Error('recordStackProbe must run inside a workflow');
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO stack_probes (workflow_id, run_id, message, activity_attempt)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (workflow_id, run_id)
         DO UPDATE SET message = EXCLUDED.message, activity_attempt = EXCLUDED.activity_attempt
         RETURNING id`,
        [execution.workflowId, execution.runId, message, info.attempt],
      );
      return { rowId: Number(rows[0]!.id), attempt: info.attempt };
    },
  };
}
