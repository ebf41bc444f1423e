import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { createActivities } from '../../src/activities';
import { createPool } from '../../src/db/pool';
import { campaign } from '../../src/workflows';
import { campaignStatusQuery, pauseSignal, resumeSignal } from '../../src/workflows/messages';
import { waitFor } from '../adversarial/support';
import { readHarnessState } from '../harness/state';
import {
  connectTestClient,
  createTestWorker,
  testConfig,
  uniqueTaskQueue,
  type TestWorker,
} from '../harness/temporal';
import { campaignInput, query, writeCampaignCsv } from './support';

/** Campaigns whose first counts refresh is held until their first `n` jobs are final. */
const holdFirstCounts = new Map<string, { jobs: number; releasedAt?: number }>();

async function finalJobs(campaignId: string): Promise<number> {
  const rows = await query<{ n: string }>(
    `SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status IN ('completed', 'failed', 'timeout')`,
    [campaignId],
  );
  return Number(rows[0]!.n);
}

describe('the campaign loop', () => {
  let pool: Pool;
  let harness: TestWorker;
  let running: Promise<void>;
  let activityClient: Client;

  beforeAll(async () => {
    pool = createPool(readHarnessState().databaseUrl);
    const config = testConfig(uniqueTaskQueue('loop'));
    activityClient = await connectTestClient(config.temporal.address, config.temporal.namespace);
    const real = createActivities({ pool, config, client: activityClient });
    // A slow counts refresh (a loaded Postgres): jobs finish while the campaign awaits it.
    const campaignCounts: typeof real.campaignCounts = async (args) => {
      const hold = holdFirstCounts.get(args.campaignId);
      if (hold && hold.releasedAt === undefined) {
        await waitFor(async () => (await finalJobs(args.campaignId)) >= hold.jobs, 90_000);
        hold.releasedAt = Date.now();
      }
      return real.campaignCounts(args);
    };
    harness = await createTestWorker(pool, config, { activities: { ...real, campaignCounts } });
    running = harness.worker.run();
  });

  afterAll(async () => {
    harness.worker.shutdown();
    await running;
    await harness.close();
    await activityClient.connection.close();
    await pool.end();
  });

  it('refills at once when jobs finish while it awaits an activity, not after the poll interval', async () => {
    const campaignId = `wake-${randomUUID().slice(0, 8)}`;
    holdFirstCounts.set(campaignId, { jobs: 2 });
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeCampaignCsv(['', '', '', '']), { maxInFlight: 2, pollIntervalSeconds: 120 })],
    });
    const summary = await handle.result();
    expect(summary.counts.completed).toBe(4);
    const releasedAt = holdFirstCounts.get(campaignId)!.releasedAt!;
    const [third] = await query<{ at: Date }>(
      `SELECT min(at) AS at FROM job_transitions
       WHERE campaign_id = $1 AND job_id = 'row-000002' AND from_status = 'ready'`,
      [campaignId],
    );
    // Both signals arrived during the held refresh; the lost wake-up waited for the 120 s timer.
    expect(third!.at.getTime() - releasedAt).toBeLessThan(20_000);
  }, 150_000);

  it('sleeps without timers or activities while paused with nothing in flight', async () => {
    const campaignId = `idle-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeCampaignCsv(['', '', '']), { maxInFlight: 1, pollIntervalSeconds: 1 })],
    });
    await handle.signal(pauseSignal);
    await waitFor(async () => {
      const status = await handle.query(campaignStatusQuery);
      return status.phase === 'paused' && status.inFlight === 0;
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the last counts refresh
    const before = (await handle.describe()).historyLength;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const after = (await handle.describe()).historyLength;
    expect(after - before).toBeLessThanOrEqual(0);

    await handle.signal(resumeSignal);
    const summary = await handle.result();
    expect(summary.counts.completed).toBe(3);
  });
});
