import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CampaignInput } from '../../src/campaign/input';
import { query } from '../campaign/support';
import { activeSlurmJobsOf } from '../crash/support';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { hangingCampaign, jobStatuses, orcastrateCli, startUntilRunning } from './campaign-scenarios';
import { isAlive, waitFor } from './support';

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
