import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { recordStackProbe } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

export interface StackProbeResult {
  rowId: number;
  activityAttempt: number;
}

/** Smallest end-to-end proof: workflow -> activity on a worker -> a row in Postgres. */
export async function stackProbe(message: string): Promise<StackProbeResult> {
  const row = await recordStackProbe(message);
  return { rowId: row.rowId, activityAttempt: row.attempt };
}
