import type { Client } from '@temporalio/client';
import { parseCampaignInput, type CampaignInput } from '../campaign/input';
import type { Config } from '../config';
import type { campaign } from '../workflows/campaign';

export interface StartedCampaign {
  workflowId: string;
  /** The first run's id (a continued campaign keeps its workflow id). */
  runId: string;
  /** The id its jobs carry in Postgres: `input.campaignId`, else the workflow id. */
  campaignId: string;
}

/**
 * Starts a campaign workflow and returns as soon as Temporal has accepted it. The input is checked
 * here first (InvalidInputError naming every bad field), so a typo never becomes a failed workflow.
 */
export async function startCampaign(
  client: Client,
  config: Config,
  input: CampaignInput,
  options: { workflowId: string },
): Promise<StartedCampaign> {
  const settings = parseCampaignInput(input);
  const handle = await client.workflow.start<typeof campaign>('campaign', {
    taskQueue: config.temporal.taskQueue,
    workflowId: options.workflowId,
    args: [input],
  });
  return {
    workflowId: handle.workflowId,
    runId: handle.firstExecutionRunId,
    campaignId: settings.campaignId ?? options.workflowId,
  };
}
