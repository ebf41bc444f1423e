import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { campaignKey, jobStatusKey } from '../campaign/search-attributes';
import type { CampaignSettings } from '../campaign/input';
import type { JobSettings, JobWorkflowInput } from '../jobs/types';
import { jobWorkflowDetails, jobWorkflowSummary } from '../jobs/workflow-labels';
import { orcaJob } from './job';

/**
 * Starts a campaign's job workflow (id `<campaign>/<job>`), which outlives the campaign's run. One
 * already running (e.g. started by a previous run of this campaign) is left alone: it signals the
 * campaign when done.
 */
export async function startJobWorkflow(input: JobWorkflowInput): Promise<void> {
  const { campaignId, jobId, settings } = input;
  try {
    await startChild(orcaJob, {
      workflowId: `${campaignId}/${jobId}`,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: campaignKey, value: campaignId },
        { key: jobStatusKey, value: 'ready' },
      ],
      staticSummary: jobWorkflowSummary(campaignId, jobId),
      staticDetails: jobWorkflowDetails(campaignId, jobId, settings),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** The settings a campaign's job workflows run with. */
export function jobSettingsOf(settings: CampaignSettings): JobSettings {
  return {
    orca: settings.orca,
    scheduler: settings.scheduler,
    recovery: settings.recovery,
    graceMinutes: settings.graceMinutes,
    pollIntervalSeconds: settings.pollIntervalSeconds,
    staleOutputMinutes: settings.staleOutputMinutes,
  };
}
