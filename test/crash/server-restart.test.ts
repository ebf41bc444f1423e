import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { campaign } from '../../src/workflows';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { WorkerProcess, assertBuilt, waitFor } from '../harness/processes';
import { createPrivateTemporalServer, type PrivateTemporalServer } from '../harness/topology';
import { readHarnessState } from '../harness/state';
import { uniqueTaskQueue } from '../harness/temporal';
import { attemptsOf, jobsOf } from './support';

async function connect(server: PrivateTemporalServer): Promise<Client> {
  return new Client({
    connection: await Connection.connect({ address: server.address }),
    namespace: server.namespace,
  });
}

// Issue 5, point 8: the Temporal server goes away mid-campaign and comes back on the same state.
describe(`Temporal ${readHarnessState().topology === 'dev' ? 'dev server' : 'server on Postgres (SIGKILL)'} restarted mid-campaign`, () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('crash-server');
  let server: PrivateTemporalServer;
  let worker: WorkerProcess;

  beforeAll(async () => {
    assertBuilt();
    server = await createPrivateTemporalServer('crash', state.databaseUrl);
    worker = new WorkerProcess({
      temporalAddress: server.address,
      namespace: server.namespace,
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot: path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-crash-')), 'campaigns'),
      env: { ORCASIM_CYCLE_DELAY_MS: '600' },
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.kill9();
    await server?.stop();
  });

  it('resumes and completes every job once the server is back', async () => {
    const csv = writeCampaignCsv([...Array.from({ length: 9 }, () => ''), 'scf-not-converged attempts=1']);
    const campaignId = `srv-${randomUUID().slice(0, 8)}`;
    const before = await connect(server);
    await before.workflow.start(campaign, {
      taskQueue,
      workflowId: campaignId,
      args: [campaignInput(csv, { maxInFlight: 4, pollIntervalSeconds: 1 })],
    });
    await waitFor(
      'three finished jobs',
      async () => ((await jobsOf(campaignId)).filter((j) => j.finished).length >= 3 ? true : undefined),
      60_000,
    );
    await before.connection.close();

    await server.restart(3_000); // down for 3 s; jobs keep ending (their reports fail, the poller catches up)
    expect(server.restarts).toBe(1);

    const after = await connect(server);
    try {
      const summary = await after.workflow.getHandle<typeof campaign>(campaignId).result();
      expect(summary.counts).toMatchObject({ completed: 10, failed: 0, timeout: 0, ready: 0, running: 0 });
    } finally {
      await after.connection.close();
    }
    expect(worker.running).toBe(true); // the same worker process rode out the outage
    expect(worker.incarnations).toBe(1);
    const jobs = await jobsOf(campaignId);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
      ...Array.from({ length: 9 }, () => ['completed', 1]),
      ['completed', 2],
    ]);
    const attempts = await attemptsOf(campaignId);
    expect(attempts).toHaveLength(11);
    expect(new Set(attempts.map((a) => a.scheduler_id)).size).toBe(11);
  }, 150_000);
});
