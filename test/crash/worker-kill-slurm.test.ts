import { randomUUID } from 'node:crypto';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Connection, Client } from '@temporalio/client';
import { campaign } from '../../src/workflows';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { WorkerProcess, assertBuilt, waitFor } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { uniqueTaskQueue } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { createSlurmShim, shimEnv } from './slurm-shim';
import { activeSlurmJobsOf, attemptsOf, expectOneSlurmJobPerAttempt, jobsOf, query } from './support';

// Issue 5, point 8: kill -9 the worker in the middle of a campaign on the real local SLURM.
describe('worker killed with SIGKILL mid-campaign on SLURM', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('crash-slurm');
  const dataRoot = path.join(
    realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-crash-'))),
    'campaigns',
  );
  const shim = createSlurmShim();
  let worker: WorkerProcess;
  let client: Client;

  beforeAll(async () => {
    assertLocalSlurmRunning();
    assertBuilt();
    worker = new WorkerProcess({
      temporalAddress: state.temporalAddress,
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot,
      // jobs take a few seconds; sbatch answers 2 s after SLURM accepted the job
      env: { ORCASIM_CYCLE_DELAY_MS: '1500', ...shimEnv(shim, 2) },
    });
    await worker.start();
    client = new Client({
      connection: await Connection.connect({ address: state.temporalAddress }),
      namespace: state.temporalNamespace,
    });
  });
  afterAll(async () => {
    await worker?.kill9();
    await client?.connection.close();
  });

  it('loses no job, submits no duplicate and counts right after two kills and restarts', async () => {
    const faults = [
      ...Array.from({ length: 10 }, () => ''),
      'scf-not-converged attempts=1',
      'error-termination',
    ];
    const csv = writeCampaignCsv(faults);
    const campaignId = `crash-${randomUUID().slice(0, 8)}`;
    const handle = await client.workflow.start(campaign, {
      taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(csv, {
          scheduler: { kind: 'slurm', exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
          orca: {
            keywords: '! B3LYP def2-SVP OPT',
            executable: campaignInput(csv).orca.executable,
            cores: 1,
            memoryMb: 500,
            walltimeMinutes: 2,
          },
          maxInFlight: 6,
          pollIntervalSeconds: 1,
          graceMinutes: 0.5,
        }),
      ],
    });

    // Kill 1: while SLURM has accepted a job whose id the worker has not seen yet.
    await waitFor(
      'an sbatch in flight after a few submissions',
      async () => {
        const submitted = await query<{ n: string }>(
          'SELECT count(*) AS n FROM attempts WHERE campaign_id = $1 AND scheduler_id IS NOT NULL',
          [campaignId],
        );
        return Number(submitted[0]!.n) >= 2 && shim.inflight() > 0 ? true : undefined;
      },
      60_000,
      50,
    );
    await worker.kill9();
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await worker.start();

    // Kill 2: once some jobs are final and others still run.
    await waitFor(
      'some finished jobs',
      async () => ((await jobsOf(campaignId)).filter((j) => j.finished).length >= 4 ? true : undefined),
      90_000,
    );
    await worker.kill9();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await worker.start();

    const summary = await handle.result();
    // The activities the killed worker was running come back after their 30 s heartbeat timeout, not
    // after their start-to-close timeout (3 minutes for a submit): the campaign must not stall.
    const recoveryMs = Date.now() - killedAt;
    console.log(`[crash] campaign finished ${(recoveryMs / 1000).toFixed(0)} s after the first kill`);
    expect(recoveryMs).toBeLessThan(120_000);
    expect(worker.incarnations).toBe(3);
    expect(summary.counts).toMatchObject({
      completed: 11,
      failed: 1,
      timeout: 0,
      cancelled: 0,
      ready: 0,
      submitted: 0,
      running: 0,
    });
    expect(summary.failureReasons).toEqual({ 'error-termination': 1 });

    const jobs = await jobsOf(campaignId);
    expect(jobs).toHaveLength(12);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
      ...Array.from({ length: 10 }, () => ['completed', 1]),
      ['completed', 2],
      ['failed', 1],
    ]);
    expect(jobs.filter((j) => j.status === 'completed').every((j) => j.final_energy_eh !== null)).toBe(true);

    const attempts = await attemptsOf(campaignId);
    expect(attempts).toHaveLength(13);
    expectOneSlurmJobPerAttempt(attempts);
    for (const attempt of attempts) expect(['completed', 'failed']).toContain(attempt.status);
    expect(activeSlurmJobsOf(campaignId)).toEqual([]);
  }, 180_000);
});
