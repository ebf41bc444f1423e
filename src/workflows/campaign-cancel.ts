import { condition, getExternalWorkflowHandle } from '@temporalio/workflow';

/**
 * Cancels a campaign's job workflows (each cancels its scheduler job and records `cancelled`) and
 * waits until they have all reported back through jobFinished, which removes them from `inFlight`.
 */
export async function cancelCampaignJobs(campaignId: string, inFlight: Set<string>): Promise<void> {
  for (const jobId of inFlight) {
    try {
      await getExternalWorkflowHandle(`${campaignId}/${jobId}`).cancel();
    } catch {
      // already closed
    }
  }
  await condition(() => inFlight.size === 0, '10 minutes');
}
