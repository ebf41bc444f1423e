import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { Config } from '../config';
import { campaign } from '../workflows/campaign';
import {
  CAMPAIGN_CLOSING,
  resetFailedUpdate,
  retryJobsUpdate,
  type ResetFailedOptions,
  type RetryJobsOptions,
} from '../workflows/messages';

export interface CampaignResetResult {
  reset: number;
  /** True when the campaign had closed and a new run was started, attached to its jobs, for the reset. */
  reopened: boolean;
}

/** Resets a campaign's failed jobs whatever its state: running, settled, or closed. */
export async function resetFailedCampaign(
  client: Client,
  config: Config,
  workflowId: string,
  options: ResetFailedOptions,
): Promise<CampaignResetResult> {
  return updateAnyCampaign(client, config, workflowId, resetFailedUpdate, options);
}

/** Runs the named jobs again whatever the campaign's state (see resetFailedCampaign). */
export async function retryCampaignJobs(
  client: Client,
  config: Config,
  workflowId: string,
  options: RetryJobsOptions,
): Promise<CampaignResetResult> {
  return updateAnyCampaign(client, config, workflowId, retryJobsUpdate, options);
}

async function updateAnyCampaign<O>(
  client: Client,
  config: Config,
  workflowId: string,
  update: UpdateDefinition<number, [O]>,
  options: O,
): Promise<CampaignResetResult> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return { reset: await handle.executeUpdate(update, { args: [options] }), reopened: false };
  } catch (error) {
    if (!isClosedOrClosing(error)) throw error;
  }
  const previous = await waitUntilClosed(client, workflowId);
  // Same workflow id, same settings, no CSV: the new run attaches to the jobs already in Postgres.
  const { csvPath: _ingested, ...attachInput } = previous;
  const reset = await client.workflow.executeUpdateWithStart(update, {
    args: [options],
    startWorkflowOperation: new WithStartWorkflowOperation(campaign, {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [attachInput],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  return { reset, reopened: true };
}

function isClosedOrClosing(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  if (error instanceof WorkflowUpdateFailedError) {
    return error.cause instanceof ApplicationFailure && error.cause.type === CAMPAIGN_CLOSING;
  }
  return false;
}

/** The campaign input of the workflow's latest run, once that run has closed. */
async function waitUntilClosed(client: Client, workflowId: string): Promise<Record<string, unknown>> {
  const handle = client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new Error(`no campaign workflow ${JSON.stringify(workflowId)}`);
    throw error;
  }
  if (description.type !== 'campaign') {
    throw new Error(`workflow ${JSON.stringify(workflowId)} is a ${description.type}, not a campaign`);
  }
  for (let waited = 0; description.status.name === 'RUNNING'; waited += 1) {
    if (waited > 120) throw new Error(`campaign ${workflowId} is still closing after 2 minutes; try again`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    description = await handle.describe();
  }
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId: description.runId },
    maximumPageSize: 1,
  });
  const payload = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const input: unknown = payload
    ? client.options.loadedDataConverter.payloadConverter.fromPayload(payload)
    : undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new Error(`campaign ${workflowId}: its last run's input could not be read from its history`);
  }
  return input as Record<string, unknown>;
}
