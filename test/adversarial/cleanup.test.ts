import { randomUUID } from 'node:crypto';
import type { CampaignInput } from '../../src/campaign/input';
import { activeSlurmJobsOf } from '../crash/support';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import {
  expectLocalJobProcessesGone,
  hangingCampaign,
  jobStatuses,
  orcastrateCli,
  startUntilRunning,
} from './campaign-scenarios';
import { waitFor } from './support';

describe('orcastrate cleanup after `temporal workflow terminate`', () => {
  const harness = useRunningTestWorker('cleanup', assertBuilt);

  const cli = (...args: string[]) => orcastrateCli(args, { ORCASTRATE_DATA_ROOT: harness.config.dataRoot });
  const startRunning = (campaignId: string, input: CampaignInput) =>
    startUntilRunning(harness.client, harness.config.temporal.taskQueue, campaignId, input);

  it('refuses a running campaign, then cancels the job workflows, their processes and ready jobs', async () => {
    const campaignId = `cl-local-${randomUUID().slice(0, 8)}`;
    const handle = await startRunning(campaignId, hangingCampaign());

    const refused = await cli('cleanup', campaignId);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is still running');
    expect(await jobStatuses(campaignId)).toContain('running');

    await handle.terminate('test: terminate runs no code');
    const done = await cli('cleanup', campaignId);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('job workflows cancelled: 2');
    expect(done.stdout).toContain('1 jobs that never started');
    expect(await jobStatuses(campaignId)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    for (const row of ['row-000000', 'row-000001']) {
      expect((await harness.client.workflow.getHandle(`${campaignId}/${row}`).describe()).status.name).toBe(
        'CANCELLED',
      );
    }
    await expectLocalJobProcessesGone(campaignId);
  });

  it('cancels SLURM jobs directly when their job workflows were terminated as well', async () => {
    assertLocalSlurmRunning();
    const campaignId = `cl-slurm-${randomUUID().slice(0, 8)}`;
    const handle = await startRunning(campaignId, hangingCampaign({ scheduler: { kind: 'slurm' } }));
    expect(activeSlurmJobsOf(campaignId)).toHaveLength(2);
    await handle.terminate('test');
    for (const row of ['row-000000', 'row-000001']) {
      await harness.client.workflow.getHandle(`${campaignId}/${row}`).terminate('test');
    }
    const done = await cli('cleanup', campaignId);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('job workflows cancelled: 0');
    expect(done.stdout).toContain('scheduler jobs cancelled directly: 2');
    await waitFor(
      () => Promise.resolve(activeSlurmJobsOf(campaignId).length === 0),
      60_000,
      'SLURM jobs gone',
    );
    expect(await jobStatuses(campaignId)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });
});
