/**
 * The chaos suite's scheduler outage, on Flux: a 16-job campaign on a private single-node Flux instance
 * while the worker is SIGKILLed three times (once while the broker is stopped), the (private) Temporal
 * server restarts once, and the Flux broker is stopped (SIGSTOP: nothing answers, its jobs keep running)
 * for a minute. Smaller than the 200-job SLURM run on purpose: it adds the Flux side, not more load.
 * Run with `npm run test:chaos` (the dev topology; the production run leaves it out: jest.chaos.config.js).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { campaign } from '../../src/workflows';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { attemptsOf, jobsOf, query } from '../crash/support';
import {
  assertLocalFluxRunning,
  expectNoActiveFluxJobs,
  expectOneFluxJobPerAttempt,
  fluxWorkerEnv,
} from '../flux/helpers/local-flux';
import { PrivateFluxInstance } from '../flux/helpers/private-flux';
import { WorkerProcess, assertBuilt, waitFor } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { uniqueTaskQueue } from '../harness/temporal';
import { createPrivateTemporalServer, type PrivateTemporalServer } from '../harness/topology';

const JOBS = 16;
const BROKER_OUTAGE_MS = 60_000;

/** Scripted faults: every 10th row needs a second attempt, row 7 fails for good. */
function faultOf(row: number): string {
  if (row === 7) return 'error-termination';
  if (row % 10 === 3) return 'scf-not-converged attempts=1';
  return '';
}
function deserved(row: number): { status: string; attempts: number } {
  const fault = faultOf(row);
  if (fault === 'error-termination') return { status: 'failed', attempts: 1 };
  return { status: 'completed', attempts: fault ? 2 : 1 };
}

describe('chaos on Flux: worker kills, a Temporal restart and the broker stopped for a minute', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('chaos-flux');
  const dataRoot = path.join(
    realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-chaos-flux-'))),
    'campaigns',
  );
  let flux: PrivateFluxInstance;
  let server: PrivateTemporalServer;
  let worker: WorkerProcess;

  beforeAll(async () => {
    assertBuilt();
    flux = await PrivateFluxInstance.start(assertLocalFluxRunning().executable, 'chaos');
    server = await createPrivateTemporalServer('chaos-flux', state.databaseUrl);
    worker = new WorkerProcess({
      temporalAddress: server.address,
      namespace: server.namespace,
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot,
      env: { ORCASIM_CYCLE_DELAY_MS: '800', ...fluxWorkerEnv(flux) },
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.kill9();
    await server?.stop();
    await flux?.remove();
  });

  it('ends every job as its output deserves: none lost, duplicated or wrongly failed', async () => {
    const began = Date.now();
    const events: string[] = [];
    const note = (what: string) => {
      const line = `+${((Date.now() - began) / 1000).toFixed(0)}s ${what}`;
      events.push(line);
      console.log(`[chaos-flux] ${line}`);
    };
    const csv = writeCampaignCsv(Array.from({ length: JOBS }, (_, row) => faultOf(row)));
    const campaignId = `chaosf-${randomUUID().slice(0, 8)}`;
    const base = campaignInput(csv);
    let client = new Client({
      connection: await Connection.connect({ address: server.address }),
      namespace: server.namespace,
    });
    await client.workflow.start(campaign, {
      taskQueue,
      workflowId: campaignId,
      args: [
        {
          ...base,
          orca: { ...base.orca, memoryMb: 500, walltimeMinutes: 5 },
          scheduler: { kind: 'flux', exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
          maxInFlight: 8,
          pollIntervalSeconds: 2,
          graceMinutes: 1,
        },
      ],
    });
    await client.connection.close();
    note(`campaign ${campaignId} started`);

    const finishedJobs = async () => (await jobsOf(campaignId)).filter((j) => j.finished).length;
    let kills = 0;
    const killWorker = async () => {
      await worker.kill9();
      kills += 1;
      note(`worker killed (${kills})`);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await worker.start();
      note('worker restarted');
    };
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    await waitFor(
      'the first finished jobs',
      async () => ((await finishedJobs()) >= 3 ? true : undefined),
      180_000,
    );
    await killWorker();
    await pause(5_000);
    await server.restart(2_000);
    note('Temporal server restarted');
    await pause(5_000);

    flux.freeze();
    const outageBegan = Date.now();
    note('Flux broker stopped (SIGSTOP)');
    await pause(20_000);
    await killWorker(); // a kill during the outage, too
    await pause(Math.max(0, outageBegan + BROKER_OUTAGE_MS - Date.now()));
    flux.thaw();
    note('Flux broker back');
    await pause(10_000);
    await killWorker();
    note(`all faults injected; ${await finishedJobs()} of ${JOBS} jobs final`);

    client = new Client({
      connection: await Connection.connect({ address: server.address }),
      namespace: server.namespace,
    });
    const summary = await client.workflow.getHandle<typeof campaign>(campaignId).result();
    await client.connection.close();
    note('campaign finished');

    const jobs = await jobsOf(campaignId);
    expect(jobs).toHaveLength(JOBS);
    const wrong = jobs
      .map((job, row) => ({ job, want: deserved(row) }))
      .filter(({ job, want }) => job.status !== want.status || job.attempts !== want.attempts)
      .map(
        ({ job, want }) =>
          `${job.job_id}: ${job.status}/${job.attempts} (${job.reason}), deserved ${want.status}/${want.attempts}`,
      );
    expect(wrong).toEqual([]);
    expect(summary.counts).toMatchObject({ completed: JOBS - 1, failed: 1, timeout: 0 });
    expect(summary.failureReasons).toEqual({ 'error-termination': 1 });

    const attempts = await attemptsOf(campaignId);
    for (const attempt of attempts) expect(attempt.status).not.toMatch(/timeout|submitted|running|prepared/);
    const heldDuplicates = await expectOneFluxJobPerAttempt(flux, attempts);
    await expectNoActiveFluxJobs(flux, campaignId);
    const incomplete = await query<{ job_id: string }>(
      `SELECT job_id FROM attempts WHERE campaign_id = $1 AND (verdict IS NULL OR finished_at IS NULL)`,
      [campaignId],
    );
    expect(incomplete).toEqual([]);
    console.log(
      `chaos-flux: ${JOBS} jobs, ${attempts.length} attempts, ${kills} worker kills, 1 Temporal restart, ` +
        `broker stopped ${BROKER_OUTAGE_MS / 1000} s; 0 lost, 0 run twice (${heldDuplicates} late submissions ` +
        `held and cancelled before they ran), ${wrong.length} wrongly ended ` +
        `(${((Date.now() - began) / 60_000).toFixed(1)} min)\n${events.join('\n')}`,
    );
  });
});
