import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { SchedulerRegistry } from '../../src/activities/deps';
import { createPollerActivities } from '../../src/activities/poller';
import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import type { SchedulerSettings } from '../../src/campaign/input';
import { markAttemptSubmitted, recordPreparedAttempt, upsertCampaign } from '../../src/db';
import { createPool } from '../../src/db/pool';
import type { SchedulerAdapter, SchedulerStatus } from '../../src/schedulers';
import { writeCampaignCsv } from '../campaign/support';
import { connectTestClient } from '../harness/temporal';
import { readHarnessState } from '../harness/state';

/** A scheduler whose every job is in the state the test sets; it counts its status queries. */
class ScriptedRegistry extends SchedulerRegistry {
  status: SchedulerStatus = { state: 'running', raw: 'R' };
  asked: string[][] = [];

  override get(_settings: SchedulerSettings): SchedulerAdapter {
    return {
      kind: 'local',
      renderScript: () => '',
      submit: () => Promise.reject(new Error('not in this test')),
      findByName: () => Promise.resolve([]),
      cancel: () => Promise.resolve(),
      statusMany: (refs) => {
        this.asked.push(refs.map((ref) => ref.schedulerId));
        return Promise.resolve(new Map(refs.map((ref) => [ref.schedulerId, this.status])));
      },
    };
  }
}

/**
 * The batched poller tells a job workflow ONCE that its attempt ended: not again on every poll until
 * the workflow records the verdict (each signal is a history event and a workflow task). The job
 * workflows here are open workflows no worker runs, so every signal stays in their histories.
 */
describe('the batched poller', () => {
  const scheduler: SchedulerSettings = { kind: 'local', localConcurrency: 1 } as SchedulerSettings;
  let pool: Pool;
  let client: Client;
  let registry: ScriptedRegistry;
  let poller: ReturnType<typeof createPollerActivities>;
  let campaignId: string;

  beforeEach(async () => {
    pool = createPool(readHarnessState().databaseUrl);
    client = await connectTestClient();
    registry = new ScriptedRegistry(mkdtempSync(path.join(tmpdir(), 'poller-')));
    poller = createPollerActivities(pool, client, registry);
    campaignId = `poll-${randomUUID().slice(0, 8)}`;
    await upsertCampaign(pool, campaignId, {});
    await ingestCsvIntoCampaign(pool, campaignId, writeCampaignCsv(['', '']), {
      preset: 'default',
      keepColumns: [],
    });
    for (const jobId of ['row-000000', 'row-000001']) {
      const key = { campaignId, jobId, attempt: 1 };
      await recordPreparedAttempt(pool, {
        ...key,
        jobName: `oc.${campaignId}.${jobId}.a1`,
        jobDir: '/nowhere',
        scheduler: 'local',
        resources: {},
        corrections: [],
      });
      await markAttemptSubmitted(pool, key, `sched-${jobId}`);
    }
  });

  afterEach(async () => {
    await client.connection.close();
    await pool.end();
  });

  async function openJobWorkflow(jobId: string): Promise<void> {
    await client.workflow.start('noWorkerRunsThis', {
      taskQueue: `nobody-${randomUUID().slice(0, 8)}`,
      workflowId: `${campaignId}/${jobId}`,
    });
  }

  async function updatesReceived(jobId: string): Promise<string[]> {
    const history = await client.workflow.getHandle(`${campaignId}/${jobId}`).fetchHistory();
    return (history.events ?? []).flatMap((event) => {
      const signal = event.workflowExecutionSignaledEventAttributes;
      return signal?.signalName === 'schedulerUpdate' ? [signal.signalName] : [];
    });
  }

  afterEach(async () => {
    for (const jobId of ['row-000000', 'row-000001']) {
      await client.workflow
        .getHandle(`${campaignId}/${jobId}`)
        .terminate('test over')
        .catch(() => undefined);
    }
  });

  it('signals an ended attempt once, then stops asking the scheduler about it', async () => {
    await openJobWorkflow('row-000000');
    await openJobWorkflow('row-000001');
    registry.status = { state: 'completed', exitCode: 0, raw: 'CD' };
    const first = await poller.pollCampaign({ campaignId, scheduler });
    expect(first).toMatchObject({ tracked: 2, ended: 2 });
    for (let poll = 0; poll < 3; poll++) await poller.pollCampaign({ campaignId, scheduler });

    expect(await updatesReceived('row-000000')).toHaveLength(1);
    expect(await updatesReceived('row-000001')).toHaveLength(1);
    // later polls have nothing to ask: the ended attempts are no longer queried
    expect(registry.asked.slice(1)).toEqual([]);
  });

  it('signals again on the next poll when the signal could not be delivered', async () => {
    await openJobWorkflow('row-000000'); // row-000001's workflow does not exist yet
    registry.status = { state: 'failed', exitCode: 1, raw: 'F' };
    await poller.pollCampaign({ campaignId, scheduler });
    await openJobWorkflow('row-000001');
    await poller.pollCampaign({ campaignId, scheduler });

    expect(await updatesReceived('row-000000')).toHaveLength(1);
    expect(await updatesReceived('row-000001')).toHaveLength(1);
    expect(registry.asked.map((ids) => ids.length)).toEqual([2, 1]);
  });

  it('signals an end again once 30 s passed without a verdict (a lost signal does not strand the job)', async () => {
    await openJobWorkflow('row-000000');
    await openJobWorkflow('row-000001');
    registry.status = { state: 'completed', exitCode: 0, raw: 'CD' };
    await poller.pollCampaign({ campaignId, scheduler });
    await pool.query(
      `UPDATE attempts SET end_delivered_at = now() - interval '31 seconds'
       WHERE campaign_id = $1 AND job_id = 'row-000000'`,
      [campaignId],
    );
    await poller.pollCampaign({ campaignId, scheduler });
    await poller.pollCampaign({ campaignId, scheduler });

    expect(await updatesReceived('row-000000')).toHaveLength(2);
    expect(await updatesReceived('row-000001')).toHaveLength(1);
    expect(registry.asked.map((ids) => ids.length)).toEqual([2, 1]);
  });

  it("keeps signalling an attempt the scheduler no longer knows: 'unknown' needs confirmations", async () => {
    await openJobWorkflow('row-000000');
    await openJobWorkflow('row-000001');
    registry.status = { state: 'unknown', raw: 'not found' };
    for (let poll = 0; poll < 3; poll++) await poller.pollCampaign({ campaignId, scheduler });

    expect(await updatesReceived('row-000000')).toHaveLength(3);
    expect(await updatesReceived('row-000001')).toHaveLength(3);
  });
});
