import { ApplicationFailure } from '@temporalio/workflow';
import { identifier, InvalidInputError, parseCampaignInput, type CampaignSettings } from '../campaign/input';
import { parseJobWorkflowInput } from '../jobs/job-input';
import type { JobWorkflowInput } from '../jobs/types';

export const INVALID_CAMPAIGN_INPUT = 'InvalidCampaignInput';
export const INVALID_JOB_INPUT = 'InvalidJobInput';

/**
 * Campaign settings plus the campaign id, which names directories and Postgres rows: given or
 * defaulted from the workflow id, it passes the same identifier rule before anything is touched.
 * Bad input fails the workflow at once (non-retryable), naming each field.
 */
export function validateCampaignInput(
  rawInput: unknown,
  workflowId: string,
): { settings: CampaignSettings; campaignId: string } {
  let settings: CampaignSettings;
  try {
    settings = parseCampaignInput(rawInput);
  } catch (error) {
    if (error instanceof InvalidInputError) throw invalid(INVALID_CAMPAIGN_INPUT, error.message);
    throw error;
  }
  if (settings.campaignId !== undefined) return { settings, campaignId: settings.campaignId };
  const fromWorkflowId = identifier.safeParse(workflowId);
  if (!fromWorkflowId.success) {
    throw invalid(
      INVALID_CAMPAIGN_INPUT,
      `invalid campaign input: campaignId: not given, and the workflow id ${JSON.stringify(workflowId)} ` +
        `cannot be a campaign id (${fromWorkflowId.error.issues.map((issue) => issue.message).join('; ')}); ` +
        'give campaignId explicitly or use a workflow id of letters, digits, dot, underscore and dash',
    );
  }
  return { settings, campaignId: fromWorkflowId.data };
}

export function validateJobInput(rawInput: unknown): JobWorkflowInput {
  const parsed = parseJobWorkflowInput(rawInput);
  if (parsed.ok) return parsed.input;
  throw invalid(INVALID_JOB_INPUT, `invalid job input: ${parsed.problems.join('; ')}`);
}

function invalid(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
