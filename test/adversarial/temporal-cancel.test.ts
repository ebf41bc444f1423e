import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { CampaignInput } from '../../src/campaign/input';
import { query } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { activeSlurmJobsOf } from '../crash/support';
import {
  expectLocalJobProcessesGone,
  hangingCampaign,
  jobStatuses,
  startUntilRunning,
} from './campaign-scenarios';
import { waitFor } from './support';

const run = promisify(execFile);

describe('`temporal workflow cancel` of a campaign = the cancel signal', () => {
  const harness = useRunningTestWorker('tcancel');

  const startAndWaitRunning = (campaignId: string, input: CampaignInput) =>
    startUntilRunning(harness.client, harness.config.temporal.taskQueue, campaignId, input);

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
    const { temporalCli, temporalAddress, temporalNamespace } = readHarnessState();
    await run(temporalCli, [
      ...['workflow', 'cancel', '--workflow-id', campaignId],
      ...['--address', temporalAddress, '--namespace', temporalNamespace],
    ]);
    await expectCancelledEverywhere(campaignId, handle.result());

    await expectLocalJobProcessesGone(campaignId);
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
