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

/** How one kind of workflow input is parsed and which field holds the id that defaults to the workflow id. */
interface IdentifiedInput<S> {
  failureType: string;
  what: string;
  idField: string;
  parse: (raw: unknown, ignoreUnknownFields: boolean) => S;
  /** Thrown by `parse` for bad input (anything else is a bug and propagates). */
  isInvalid: (error: unknown) => error is Error;
  idOf: (settings: S) => string | undefined;
  idRule: {
    safeParse: (
      value: string,
    ) => { success: true; data: string } | { success: false; error: { issues: { message: string }[] } };
  };
}

/**
 * Settings plus their id, which names directories and Postgres rows: given or defaulted from the
 * workflow id, it passes the identifier rule before anything is touched. Bad input fails the
 * workflow at once (non-retryable), naming each field.
 */
function validateIdentified<S>(
  kind: IdentifiedInput<S>,
  rawInput: unknown,
  workflowId: string,
  lenientBefore: boolean,
): { settings: S; id: string; strict: boolean } {
  const strict = strictInput(lenientBefore);
  let settings: S;
  try {
    settings = kind.parse(rawInput, !strict);
  } catch (error) {
    if (kind.isInvalid(error)) throw invalid(kind.failureType, error.message);
    throw error;
  }
  const given = kind.idOf(settings);
  if (given !== undefined) return { settings, id: given, strict };
  if (!strict) return { settings, id: workflowId, strict };
  const fromWorkflowId = kind.idRule.safeParse(workflowId);
  if (!fromWorkflowId.success) {
    throw invalid(
      kind.failureType,
      `invalid ${kind.what} input: ${kind.idField}: not given, and the workflow id ${JSON.stringify(workflowId)} ` +
        `cannot be one (${fromWorkflowId.error.issues.map((issue) => issue.message).join('; ')}); ` +
        `give ${kind.idField} explicitly or use a workflow id of letters, digits, dot, underscore and dash`,
    );
  }
  return { settings, id: fromWorkflowId.data, strict };
}

const CAMPAIGN: IdentifiedInput<CampaignSettings> = {
  failureType: INVALID_CAMPAIGN_INPUT,
  what: 'campaign',
  idField: 'campaignId',
  parse: (raw, ignoreUnknownFields) => parseCampaignInput(raw, { ignoreUnknownFields }),
  isInvalid: (error): error is Error => error instanceof InvalidInputError,
  idOf: (settings) => settings.campaignId,
  idRule: identifier,
};

const ACTIVE_LEARNING: IdentifiedInput<ActiveLearningSettings> = {
  failureType: INVALID_AL_INPUT,
  what: 'active-learning',
  idField: 'alId',
  parse: (raw, ignoreUnknownFields) => parseActiveLearningInput(raw, { ignoreUnknownFields }),
  isInvalid: (error): error is Error => error instanceof InvalidActiveLearningInputError,
  idOf: (settings) => settings.alId,
  idRule: activeLearningIdentifier,
};

export function validateCampaignInput(
  rawInput: unknown,
  workflowId: string,
  lenientBefore = false,
): { settings: CampaignSettings; campaignId: string; strict: boolean } {
  const { settings, id, strict } = validateIdentified(CAMPAIGN, rawInput, workflowId, lenientBefore);
  return { settings, campaignId: id, strict };
}

export function validateActiveLearningInput(
  rawInput: unknown,
  workflowId: string,
  lenientBefore = false,
): { settings: ActiveLearningSettings; alId: string; strict: boolean } {
  const { settings, id, strict } = validateIdentified(ACTIVE_LEARNING, rawInput, workflowId, lenientBefore);
  return { settings, alId: id, strict };
}

/**
 * Workflows started before input became strict keep running as they did: no patch marker in their
 * history, or (after continue-as-new) the previous run says it was lenient.
 */
function strictInput(lenientBefore: boolean): boolean {
  return !lenientBefore && patched(STRICT_INPUT_PATCH);
}

/** `knownStrict`: the job was started by code that is strict already (no patch marker needed). */
export function validateJobInput(rawInput: unknown, knownStrict = false): JobWorkflowInput {
  const strict = knownStrict || strictInput(false);
  const parsed = parseJobWorkflowInput(rawInput, { ignoreUnknownFields: !strict });
  if (parsed.ok) return parsed.input;
  throw invalid(INVALID_JOB_INPUT, `invalid job input: ${parsed.problems.join('; ')}`);
}

function invalid(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
