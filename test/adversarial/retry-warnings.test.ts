import { randomUUID } from 'node:crypto';
import { createPool } from '../../src/db/pool';
import { freePort } from '../../src/dev-server';
import { campaign } from '../../src/workflows';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { assertBuilt } from '../harness/processes';
import { createTestWorker, testConfig, uniqueTaskQueue, type TestWorker } from '../harness/temporal';
import { orcastrateCli } from './campaign-scenarios';
import { waitFor } from './support';

describe('an activity still retrying after 5 attempts is listed by orcastrate status', () => {
  let worker: TestWorker;
  let running: Promise<void>;
  let pool: ReturnType<typeof createPool>;

  beforeAll(async () => {
    assertBuilt();
    // A worker whose Postgres is unreachable: every database activity fails and is retried.
    const deadUrl = `postgres://postgres:hunter2@127.0.0.1:${await freePort()}/orcastrate`;
    const config = testConfig(uniqueTaskQueue('warnings'), { DATABASE_URL: deadUrl });
    pool = createPool(deadUrl, 1);
    worker = await createTestWorker(pool, config);
    running = worker.worker.run();
  });
  afterAll(async () => {
    worker.worker.shutdown();
    await running;
    await worker.close();
    await pool.end().catch(() => undefined);
  });

  it('shows the activity, its attempt and its last error, without the password', async () => {
    const campaignId = `warn-${randomUUID().slice(0, 8)}`;
    const handle = await worker.client.workflow.start(campaign, {
      taskQueue: worker.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeCampaignCsv(['']))],
    });
    await waitFor(
      async () => ((await handle.describe()).raw.pendingActivities ?? []).some((a) => (a.attempt ?? 0) >= 6),
      120_000,
      'ingest on its 6th attempt',
    );
    const { stdout } = await orcastrateCli(['status', campaignId]);
    expect(stdout).toContain(`campaign ${campaignId}: nothing in Postgres yet`);
    expect(stdout).toMatch(/warnings: 1 activities still retrying after 5 attempts/);
    expect(stdout).toMatch(new RegExp(`${campaignId}: ingestCampaign attempt \\d+: .*ECONNREFUSED`));
    expect(stdout).not.toContain('hunter2');
    await handle.terminate('test done');
  });
});
