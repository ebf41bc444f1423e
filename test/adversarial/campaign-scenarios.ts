import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { CampaignInput } from '../../src/campaign/input';
import { processIsAlive } from '../../src/schedulers/process-alive';
import { campaign } from '../../src/workflows';
import { campaignInput, ORCASIM, query, writeCampaignCsv } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import { BUILT_CLI, runNode, waitFor, type Finished } from './support';

/** Three jobs that hang, two in flight: two running attempts and one job never started. */
export function hangingCampaign(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return campaignInput(writeCampaignCsv(['hang', 'hang', 'hang']), {
    maxInFlight: 2,
    orca: { keywords: '! B3LYP def2-SVP OPT', executable: ORCASIM, walltimeMinutes: 5 },
    pollIntervalSeconds: 1,
    ...overrides,
  });
}

export async function jobStatuses(campaignId: string): Promise<string[]> {
  const rows = await query<{ status: string }>(
    'SELECT status FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
    [campaignId],
  );
  return rows.map((row) => row.status);
}

/** Starts a campaign and waits until `running` of its jobs run. */
export async function startUntilRunning(
  client: Client,
  taskQueue: string,
  campaignId: string,
  input: CampaignInput,
  running = 2,
) {
  const handle = await client.workflow.start(campaign, { taskQueue, workflowId: campaignId, args: [input] });
  await waitFor(
    async () => (await jobStatuses(campaignId)).filter((s) => s === 'running').length === running,
    90_000,
    `${running} jobs running`,
  );
  return handle;
}

/** The built `orcastrate` CLI against the harness's Temporal server and database. */
export function orcastrateCli(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  const state = readHarnessState();
  return runNode(
    BUILT_CLI,
    args,
    {
      TEMPORAL_ADDRESS: state.temporalAddress,
      TEMPORAL_NAMESPACE: state.temporalNamespace,
      DATABASE_URL: state.databaseUrl,
      ...env,
    },
    120_000,
  );
}

/** Every local job process the campaign's attempts started has ended. */
export async function expectLocalJobProcessesGone(campaignId: string): Promise<void> {
  const dirs = await query<{ job_dir: string }>('SELECT job_dir FROM attempts WHERE campaign_id = $1', [
    campaignId,
  ]);
  expect(dirs.length).toBeGreaterThan(0);
  for (const { job_dir } of dirs) {
    const stateRoot = path.join(job_dir, '.orcastrate-local');
    for (const id of readdirSync(stateRoot)) {
      const pid = Number(readFileSync(path.join(stateRoot, id, 'pid'), 'utf8'));
      await waitFor(() => Promise.resolve(!processIsAlive(pid)), 15_000, `job process ${pid} gone`);
    }
  }
}
