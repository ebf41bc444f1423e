import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { identifier } from '../campaign/input';
import { campaignKey } from '../campaign/search-attributes';
import { campaignStatusQuery, type CampaignStatus } from '../workflows/messages';

/** A campaign workflow and the campaign id its rows carry in Postgres (they differ only when the input says). */
export interface CampaignWorkflow {
  workflowId: string;
  campaignId: string;
}

/** Where a campaign stands as far as Temporal knows. */
export type CampaignLiveState =
  | { state: 'running'; status?: CampaignStatus }
  | { state: 'settled'; status: CampaignStatus }
  | { state: 'closed'; workflowStatus: string };

const QUERY_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The status query, or undefined when the workflow cannot answer now (no worker, first task pending). */
export function queryCampaignStatus(handle: WorkflowHandle): Promise<CampaignStatus | undefined> {
  return withTimeout(
    handle.query(campaignStatusQuery).catch(() => undefined),
    QUERY_TIMEOUT_MS,
  );
}

/**
 * The campaign workflow named by `id`: the workflow with that id if it is a campaign, else the
 * newest campaign workflow whose OrcastrateCampaign search attribute is `id`; undefined if none.
 */
export async function findCampaignWorkflow(
  client: Client,
  id: string,
): Promise<CampaignWorkflow | undefined> {
  try {
    const description = await client.workflow.getHandle(id).describe();
    if (description.type === 'campaign') {
      const campaignId =
        description.typedSearchAttributes.get(campaignKey) ??
        (await queryCampaignStatus(client.workflow.getHandle(id)))?.campaignId ??
        id;
      return { workflowId: id, campaignId };
    }
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  // The id goes into a visibility query: only identifiers (no quotes or operators) are looked up.
  if (!identifier.safeParse(id).success) return undefined;
  for await (const execution of client.workflow.list({
    query: `WorkflowType = "campaign" AND OrcastrateCampaign = "${id}"`,
  })) {
    return { workflowId: execution.workflowId, campaignId: id };
  }
  return undefined;
}

/** Closed, settled (every job final, still open) or running; the latest run of a continued campaign. */
export async function campaignLiveState(client: Client, workflowId: string): Promise<CampaignLiveState> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  if (description.status.name !== 'RUNNING')
    return { state: 'closed', workflowStatus: description.status.name };
  const status = await queryCampaignStatus(handle);
  if (status?.phase === 'settled') return { state: 'settled', status };
  return { state: 'running', status };
}
