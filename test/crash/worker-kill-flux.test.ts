import { randomUUID } from 'node:crypto';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Connection, Client } from '@temporalio/client';
import { campaign } from '../../src/workflows';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import {
  assertLocalFluxRunning,
  expectNoActiveFluxJobs,
  expectOneFluxJobPerAttempt,
  type LocalFlux,
} from '../flux/helpers/local-flux';
import { WorkerProcess, assertBuilt, waitFor } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { uniqueTaskQueue } from '../harness/temporal';
import { createFluxShim, fluxShimEnv, type FluxShim } from './flux-shim';
import { attemptsOf, jobsOf, query } from './support';

// The worker-kill crash test of test/crash/worker-kill-slurm.test.ts, on the clone's real Flux.
describe('worker killed with SIGKILL mid-campaign on Flux', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('crash-flux');
  const dataRoot = path.join(
    realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-crash-flux-'))),
    'campaigns',
  );
  let flux: LocalFlux;
  let shim: FluxShim;
  let worker: WorkerProcess;
  let client: Client;

  beforeAll(async () => {
    flux = assertLocalFluxRunning();
    assertBuilt();
    shim = createFluxShim(flux);
    worker = new WorkerProcess({
      temporalAddress: state.temporalAddress,
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot,
      // jobs take a few seconds; flux batch answers 2 s after Flux accepted the job
      env: { ORCASIM_CYCLE_DELAY_MS: '1500', ...fluxShimEnv(shim, flux, 2) },
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
    const campaignId = `crashf-${randomUUID().slice(0, 8)}`;
    const handle = await client.workflow.start(campaign, {
      taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(csv, {
          scheduler: { kind: 'flux', exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
          orca: {
            keywords: '! B3LYP def2-SVP OPT',
            executable: campaignInput(csv).orca.executable,
            cores: 1,
            memoryMb: 500,
            walltimeMinutes: 3,
          },
          maxInFlight: 6,
          pollIntervalSeconds: 1,
          graceMinutes: 0.5,
        }),
      ],
    });

    // Kill 1: while Flux has accepted a job whose id the worker has not seen yet.
    await waitFor(
      'a flux batch in flight after a few submissions',
      async () => {
        const submitted = await query<{ n: string }>(
          'SELECT count(*) AS n FROM attempts WHERE campaign_id = $1 AND scheduler_id IS NOT NULL',
          [campaignId],
        );
        return Number(submitted[0]!.n) >= 2 && shim.inflight() > 0 ? true : undefined;
      },
      90_000,
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
      180_000,
    );
    await worker.kill9();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await worker.start();

    const summary = await handle.result();
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
    const heldDuplicates = await expectOneFluxJobPerAttempt(flux, attempts);
    for (const attempt of attempts) expect(['completed', 'failed']).toContain(attempt.status);
    await expectNoActiveFluxJobs(flux, campaignId);
    console.log(
      `[crash] Flux: ${jobs.length} jobs, ${attempts.length} attempts, 1 Flux job ran per attempt name ` +
        `(${heldDuplicates} late submissions held and cancelled before they ran), ` +
        `2 worker kills (one with a flux batch in flight); campaign finished ` +
        `${((Date.now() - killedAt) / 1000).toFixed(0)} s after the first kill`,
    );
  }, 420_000);
});
