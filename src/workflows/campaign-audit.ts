import { currentUpdateInfo, patched, workflowInfo } from '@temporalio/workflow';
import type { OperatorAction } from '../campaign/operator-actions';
import { db } from './campaign-activities';

/** Patch id: operator actions are written to Postgres (an activity per action). */
const OPERATOR_AUDIT_PATCH = 'campaign-operator-audit';

export interface ActionOutcome {
  accepted: boolean;
  refusedBecause?: string;
  jobsAffected?: number;
}

/**
 * Records one operator action in `operator_actions`, from inside its signal or update handler (the
 * update id, when there is one, lets the activity find the caller's identity in the history).
 */
export async function auditAction(
  campaignId: string,
  action: OperatorAction,
  args: unknown,
  outcome: ActionOutcome,
): Promise<void> {
  if (!patched(OPERATOR_AUDIT_PATCH)) return;
  const info = workflowInfo();
  const update = currentUpdateInfo();
  const requestedBy = requestedByOf(args);
  await db.recordOperatorAction({
    campaignId,
    action,
    arguments: args ?? null,
    ...outcome,
    identity: requestedBy,
    via: update ? 'update' : 'signal',
    workflowId: info.workflowId,
    runId: info.runId,
    updateId: update?.id,
  });
}

function requestedByOf(args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return undefined;
  const value = (args as Record<string, unknown>).requestedBy;
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 200) : undefined;
}
