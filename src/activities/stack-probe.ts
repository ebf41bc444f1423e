import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { recordStackProbe } from '../db';

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
      const rowId = await recordStackProbe(pool, {
        workflowId: execution.workflowId,
        runId: execution.runId,
        message,
        activityAttempt: info.attempt,
      });
      return { rowId, attempt: info.attempt };
    },
  };
}
