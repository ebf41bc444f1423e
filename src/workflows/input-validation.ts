import { ApplicationFailure, patched } from '@temporalio/workflow';
import { identifier, InvalidInputError, parseCampaignInput, type CampaignSettings } from '../campaign/input';
import {
  activeLearningIdentifier,
  InvalidActiveLearningInputError,
  parseActiveLearningInput,
  type ActiveLearningSettings,
} from '../active-learning/input';
import { parseJobWorkflowInput } from '../jobs/job-input';
import type { JobWorkflowInput } from '../jobs/types';

export const INVALID_CAMPAIGN_INPUT = 'InvalidCampaignInput';
export const INVALID_JOB_INPUT = 'InvalidJobInput';
export const INVALID_AL_INPUT = 'InvalidActiveLearningInput';
/** Patch id: input validation that refuses unknown fields and unusable defaulted campaign ids. */
export const STRICT_INPUT_PATCH = 'strict-input';

/**
 * Campaign settings plus the campaign id, which names directories and Postgres rows: given or
 * defaulted from the workflow id, it passes the same identifier rule before anything is touched.
 * Bad input fails the workflow at once (non-retryable), naming each field.
 */
export function validateCampaignInput(
  rawInput: unknown,
  workflowId: string,
  lenientBefore = false,
): { settings: CampaignSettings; campaignId: string; strict: boolean } {
  const strict = strictInput(lenientBefore);
  let settings: CampaignSettings;
  try {
    settings = parseCampaignInput(rawInput, { ignoreUnknownFields: !strict });
  } catch (error) {
    if (error instanceof InvalidInputError) throw invalid(INVALID_CAMPAIGN_INPUT, error.message);
    throw error;
  }
  if (settings.campaignId !== undefined) return { settings, campaignId: settings.campaignId, strict };
  if (!strict) return { settings, campaignId: workflowId, strict };
  const fromWorkflowId = identifier.safeParse(workflowId);
  if (!fromWorkflowId.success) {
    throw invalid(
      INVALID_CAMPAIGN_INPUT,
      `invalid campaign input: campaignId: not given, and the workflow id ${JSON.stringify(workflowId)} ` +
        `cannot be a campaign id (${fromWorkflowId.error.issues.map((issue) => issue.message).join('; ')}); ` +
        'give campaignId explicitly or use a workflow id of letters, digits, dot, underscore and dash',
    );
  }
  return { settings, campaignId: fromWorkflowId.data, strict };
}

/** Active-learning settings plus the loop id (given or the workflow id), under the same identity rule. */
export function validateActiveLearningInput(
  rawInput: unknown,
  workflowId: string,
  lenientBefore = false,
): { settings: ActiveLearningSettings; alId: string; strict: boolean } {
  const strict = strictInput(lenientBefore);
  let settings: ActiveLearningSettings;
  try {
    settings = parseActiveLearningInput(rawInput, { ignoreUnknownFields: !strict });
  } catch (error) {
    if (error instanceof InvalidActiveLearningInputError) throw invalid(INVALID_AL_INPUT, error.message);
    throw error;
  }
  if (settings.alId !== undefined) return { settings, alId: settings.alId, strict };
  if (!strict) return { settings, alId: workflowId, strict };
  const fromWorkflowId = activeLearningIdentifier.safeParse(workflowId);
  if (!fromWorkflowId.success) {
    throw invalid(
      INVALID_AL_INPUT,
      `invalid active-learning input: alId: not given, and the workflow id ${JSON.stringify(workflowId)} ` +
        `cannot be a loop id (${fromWorkflowId.error.issues.map((issue) => issue.message).join('; ')}); ` +
        'give alId explicitly',
    );
  }
  return { settings, alId: fromWorkflowId.data, strict };
}

/**
 * Workflows started before input became strict keep running as they did: no patch marker in their
 * history, or (after continue-as-new) the previous run says it was lenient.
 */
function strictInput(lenientBefore: boolean): boolean {
  return !lenientBefore && patched(STRICT_INPUT_PATCH);
}

export function validateJobInput(rawInput: unknown): JobWorkflowInput {
  const parsed = parseJobWorkflowInput(rawInput, { ignoreUnknownFields: !strictInput(false) });
  if (parsed.ok) return parsed.input;
  throw invalid(INVALID_JOB_INPUT, `invalid job input: ${parsed.problems.join('; ')}`);
}

function invalid(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
