import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { CampaignInput } from '../../src/campaign/input';
import { campaign } from '../../src/workflows';
import { campaignInput, ORCASIM, query, writeCampaignCsv } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { activeSlurmJobsOf } from '../crash/support';
import { isAlive, waitFor } from './support';

const run = promisify(execFile);

/** Three jobs that hang, two in flight: two running attempts and one job never started. */
function hangingCampaign(overrides: Partial<CampaignInput>): CampaignInput {
  return campaignInput(writeCampaignCsv(['hang', 'hang', 'hang']), {
    maxInFlight: 2,
    orca: { keywords: '! B3LYP def2-SVP OPT', executable: ORCASIM, walltimeMinutes: 5 },
    pollIntervalSeconds: 1,
    ...overrides,
  });
}

async function jobStatuses(campaignId: string): Promise<string[]> {
  const rows = await query<{ status: string }>(
    'SELECT status FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
    [campaignId],
  );
  return rows.map((row) => row.status);
}

describe('`temporal workflow cancel` of a campaign = the cancel signal', () => {
  const harness = useRunningTestWorker('tcancel');

  async function startAndWaitRunning(campaignId: string, input: CampaignInput) {
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    await waitFor(
      async () => (await jobStatuses(campaignId)).filter((s) => s === 'running').length === 2,
      90_000,
      'two jobs running',
    );
    return handle;
  }

  async function expectCancelledEverywhere(campaignId: string, result: Promise<unknown>): Promise<void> {
    const error = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(await jobStatuses(campaignId)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const attempts = await query<{ status: string }>('SELECT status FROM attempts WHERE campaign_id = $1', [
      campaignId,
    ]);
    expect(attempts.map((a) => a.status)).toEqual(['cancelled', 'cancelled']);
    for (const row of ['row-000000', 'row-000001']) {
      const description = await harness.client.workflow.getHandle(`${campaignId}/${row}`).describe();
      expect(description.status.name).toBe('CANCELLED');
    }
  }

  it('on the local runner: job workflows, their processes and the ready job are cancelled', async () => {
    const campaignId = `tc-local-${randomUUID().slice(0, 8)}`;
    const handle = await startAndWaitRunning(campaignId, hangingCampaign({}));
    const { temporalCli, temporalAddress } = readHarnessState();
    await run(temporalCli, ['workflow', 'cancel', '--workflow-id', campaignId, '--address', temporalAddress]);
    await expectCancelledEverywhere(campaignId, handle.result());

    const dirs = await query<{ job_dir: string }>('SELECT job_dir FROM attempts WHERE campaign_id = $1', [
      campaignId,
    ]);
    for (const { job_dir } of dirs) {
      const stateRoot = path.join(job_dir, '.orcastrate-local');
      for (const id of readdirSync(stateRoot)) {
        const pid = Number(readFileSync(path.join(stateRoot, id, 'pid'), 'utf8'));
        await waitFor(() => Promise.resolve(!isAlive(pid)), 15_000, `job process ${pid} gone`);
      }
    }
  });

  it('on SLURM: the running SLURM jobs are cancelled too', async () => {
    assertLocalSlurmRunning();
    const campaignId = `tc-slurm-${randomUUID().slice(0, 8)}`;
    const handle = await startAndWaitRunning(
      campaignId,
      hangingCampaign({ scheduler: { kind: 'slurm' }, pollIntervalSeconds: 1 }),
    );
    expect(activeSlurmJobsOf(campaignId)).toHaveLength(2);
    await handle.cancel();
    await expectCancelledEverywhere(campaignId, handle.result());
    await waitFor(
      () => Promise.resolve(activeSlurmJobsOf(campaignId).length === 0),
      60_000,
      'SLURM jobs gone',
    );
  });
});
