import { randomUUID } from 'node:crypto';
import { campaign } from '../../src/workflows';
import { campaignStatusQuery } from '../../src/workflows/messages';
import {
  shardControlSignal,
  shardEventSignal,
  shardWorkflowId,
  type ShardControl,
  type ShardEvent,
} from '../../src/workflows/shard-messages';
import { campaignInput, instantOrca, writeCampaignCsv } from '../campaign/support';
import { waitFor } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';

/** Shapes `temporal workflow signal` could send instead of what a campaign and its shards exchange. */
const HOSTILE: unknown[] = [
  null,
  [],
  'x'.repeat(10_000),
  { shard: 'zero', ended: true },
  { shard: 1.5, ended: true },
  { shard: 0, ended: 'yes' },
  { shard: 0, pausedBecause: 42 },
  { window: -1 },
  { window: 'all' },
  { window: 1e300 },
  { paused: 'yes' },
  { cancel: 1 },
  { rescan: 'please' },
];

describe('shard signals with hostile payloads', () => {
  const harness = useRunningTestWorker('shard-signals');

  it('are ignored by the campaign and its shards: every job still runs once, nothing pauses', async () => {
    const campaignId = `shardsig-${randomUUID().slice(0, 8)}`;
    const input = campaignInput(writeCampaignCsv(Array.from({ length: 8 }, () => '')), {
      maxInFlight: 4,
      maxInFlightPerWorkflow: 2,
      pollIntervalSeconds: 1,
    });
    input.orca = { ...input.orca, executable: instantOrca(2), walltimeMinutes: 5 };
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    const shard = harness.client.workflow.getHandle(shardWorkflowId(campaignId, 0));
    const shardRunning = async () =>
      (await shard.describe().catch(() => undefined))?.status.name === 'RUNNING' ? true : undefined;
    await waitFor('shard 0 running', shardRunning, 60_000);
    for (const payload of HOSTILE) {
      await handle.signal(shardEventSignal, payload as ShardEvent);
      await shard.signal(shardControlSignal, payload as ShardControl).catch(() => undefined);
    }
    expect((await handle.query(campaignStatusQuery)).phase).not.toBe('paused');
    const summary = await handle.result();
    expect(summary.counts).toMatchObject({ completed: 8, failed: 0, cancelled: 0 });
  });
});
