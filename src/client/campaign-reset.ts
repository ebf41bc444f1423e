import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { resetFailedUpdate, type ResetFailedOptions } from '../workflows/messages';

export interface CampaignResetResult {
  reset: number;
  /** True when the campaign had closed and a new run was started for the reset. */
  reopened: boolean;
}

/** Resets a campaign's failed jobs whatever its state: running, settled, or closed. */
export async function resetFailedCampaign(
  client: Client,
  _config: Config,
  workflowId: string,
  options: ResetFailedOptions,
): Promise<CampaignResetResult> {
  const reset = await client.workflow
    .getHandle(workflowId)
    .executeUpdate(resetFailedUpdate, { args: [options] });
  return { reset, reopened: false };
}
