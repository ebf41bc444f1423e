import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { OperatorActionRecord } from '../campaign/operator-actions';
import { insertOperatorAction } from '../db';
import type { WantedCaller } from './caller-identity';
import { callerIdentityFromHistory } from './caller-identity-lookup';

export function createOperatorActionActivities(pool: Pool, client: Client) {
  return {
    /**
     * Writes one action to the audit trail; a retry of the same activity writes nothing more. Without
     * `record.identity` the caller's identity is looked up in the run's history (best effort: null
     * when not found, never a failure). `record.runId` must be the run scheduling this activity.
     */
    async recordOperatorAction(record: OperatorActionRecord): Promise<void> {
      const info = Context.current().info;
      const wanted = wantedCaller(
        record,
        info.workflowExecution?.runId === record.runId ? info.activityId : undefined,
      );
      const execution = { workflowId: record.workflowId, runId: record.runId };
      const identity =
        record.identity || (wanted ? await callerIdentityFromHistory(client, execution, wanted) : null);
      await insertOperatorAction(pool, {
        ...record,
        identity,
        activityId: info.activityId,
        requestedAt: info.scheduledTimestampMs > 0 ? new Date(info.scheduledTimestampMs) : undefined,
      });
    },
  };
}

/** Which history event names the caller; none for an update without its id. */
function wantedCaller(
  record: OperatorActionRecord,
  ownActivityId: string | undefined,
): WantedCaller | undefined {
  if (record.via === 'signal') return { via: 'signal', signalName: record.action, activityId: ownActivityId };
  return record.updateId ? { via: 'update', updateId: record.updateId } : undefined;
}
