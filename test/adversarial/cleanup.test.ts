import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { CampaignInput } from '../../src/campaign/input';
import { REPO_ROOT } from '../../src/temporal-cli';
import { campaign } from '../../src/workflows';
import { campaignInput, ORCASIM, query, writeCampaignCsv } from '../campaign/support';
import { activeSlurmJobsOf } from '../crash/support';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { isAlive, waitFor } from './support';

const run = promisify(execFile);

function hangingCampaign(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return campaignInput(writeCampaignCsv(['hang', 'hang', 'hang']), {
    maxInFlight: 2,
    orca: { keywords: '! B3LYP def2-SVP OPT', executable: ORCASIM, walltimeMinutes: 5 },
    pollIntervalSeconds: 1,
    ...overrides,
  });
}

async function statuses(campaignId: string): Promise<string[]> {
  const rows = await query<{ status: string }>(
    'SELECT status FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
    [campaignId],
  );
  return rows.map((row) => row.status);
}

describe('orcastrate cleanup after `temporal workflow terminate`', () => {
  const harness = useRunningTestWorker('cleanup', assertBuilt);

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const state = readHarnessState();
    try {
      const { stdout, stderr } = await run('node', [path.join(REPO_ROOT, 'dist/client/cli.js'), ...args], {
        env: {
          PATH: process.env.PATH,
          TEMPORAL_ADDRESS: state.temporalAddress,
          DATABASE_URL: state.databaseUrl,
          ORCASTRATE_DATA_ROOT: harness.config.dataRoot,
        },
        timeout: 120_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  async function startRunning(campaignId: string, input: CampaignInput) {
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    await waitFor(
      async () => (await statuses(campaignId)).filter((s) => s === 'running').length === 2,
      90_000,
      'two jobs running',
    );
    return handle;
  }

  it('refuses a running campaign, then cancels the job workflows, their processes and ready jobs', async () => {
    const campaignId = `cl-local-${randomUUID().slice(0, 8)}`;
    const handle = await startRunning(campaignId, hangingCampaign());

    const refused = await cli('cleanup', campaignId);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is still running');
    expect(await statuses(campaignId)).toContain('running');

    await handle.terminate('test: terminate runs no code');
    const done = await cli('cleanup', campaignId);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('job workflows cancelled: 2');
    expect(done.stdout).toContain('1 jobs that never started');
    expect(await statuses(campaignId)).toEqual(['cancelled', 'cancelled', 'cancelled']);
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
    expect(await statuses(campaignId)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });
});
