import type { Client } from '@temporalio/client';
import { identifier } from '../campaign/input';
import { campaignStatusQuery, type CampaignStatus } from '../workflows/messages';

/** An activity Temporal is still retrying, worth an operator's look. */
export interface RetryWarning {
  workflowId: string;
  activity: string;
  attempt: number;
  lastError: string;
}

/** What Temporal knows of a campaign right now (Postgres holds the rest). */
export interface LiveCampaignInfo {
  /** The campaign workflow's own view, when it is running. */
  status?: CampaignStatus;
  campaignWorkflowId?: string;
  runningWorkflows: number;
  warnings: RetryWarning[];
  /** Set when Temporal could not be asked; the Postgres part of the report is still right. */
  unavailable?: string;
}

/** Activities on this attempt or later are "still retrying after 5 attempts". */
export const WARN_FROM_ATTEMPT = 6;
const MAX_DESCRIBED = 500;
const DESCRIBE_CONCURRENCY = 16;

/** Running workflows of the campaign (its own and its jobs'), their retrying activities, its status query. */
export async function loadLiveCampaignInfo(client: Client, campaignId: string): Promise<LiveCampaignInfo> {
  // The id goes into a visibility query: the identifier rule keeps quotes and operators out.
  const id = identifier.parse(campaignId);
  const running: { workflowId: string; runId: string; type: string }[] = [];
  for await (const execution of client.workflow.list({
    query: `OrcastrateCampaign = "${id}" AND ExecutionStatus = "Running"`,
  })) {
    running.push({ workflowId: execution.workflowId, runId: execution.runId, type: execution.type });
    if (running.length >= 10_000) break;
  }
  const info: LiveCampaignInfo = { runningWorkflows: running.length, warnings: [] };
  const own = running.find(
    (execution) => execution.type === 'campaign' || execution.type === 'activeLearning',
  );
  if (own?.type === 'campaign') {
    info.campaignWorkflowId = own.workflowId;
    info.status = await client.workflow.getHandle(own.workflowId, own.runId).query(campaignStatusQuery);
  }
  const described = running.slice(0, MAX_DESCRIBED);
  let next = 0;
  const lanes = Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, described.length) }, async () => {
    while (next < described.length) {
      const execution = described[next++]!;
      const description = await client.workflow.getHandle(execution.workflowId, execution.runId).describe();
      for (const pending of description.raw.pendingActivities ?? []) {
        if ((pending.attempt ?? 0) < WARN_FROM_ATTEMPT) continue;
        info.warnings.push({
          workflowId: execution.workflowId,
          activity: pending.activityType?.name ?? 'unknown activity',
          attempt: pending.attempt ?? 0,
          lastError: pending.lastFailure?.message ?? '(no failure recorded yet)',
        });
      }
    }
  });
  await Promise.all(lanes);
  info.warnings.sort((a, b) => b.attempt - a.attempt || a.workflowId.localeCompare(b.workflowId));
  return info;
}
