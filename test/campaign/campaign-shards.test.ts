import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { createPool } from '../../src/db/pool';
import { campaign } from '../../src/workflows';
import { shardWorkflowId } from '../../src/workflows/shard-messages';
import { PrivateDevServer } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { createTestWorker, testConfig, uniqueTaskQueue, type TestWorker } from '../harness/temporal';
import { campaignInput, instantOrca, query, writeCampaignCsv } from './support';

const { EventType } = temporal.api.enums.v1;
/** Temporal's limit on pending child workflows per workflow, lowered from 2,000 for this server. */
const PENDING_CHILDREN_LIMIT = 20;
const LIMIT_EXCEEDED = String(
  temporal.api.enums.v1.WorkflowTaskFailedCause
    .WORKFLOW_TASK_FAILED_CAUSE_PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED,
);

/** The workflow-task failures in every run of `workflowId`, by cause. */
async function workflowTaskFailures(client: Client, workflowId: string): Promise<string[]> {
  const causes: string[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    for (const event of history.events ?? []) {
      if (event.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) continue;
      causes.push(String(event.workflowTaskFailedEventAttributes?.cause));
    }
  }
  return causes;
}

async function runsOf(client: Client, workflowId: string): Promise<number> {
  let runs = 0;
  for await (const _ of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs += 1;
  return runs;
}

describe(`a server that allows ${PENDING_CHILDREN_LIMIT} pending children per workflow`, () => {
  let server: PrivateDevServer;
  let pool: Pool;
  let harness: TestWorker;
  let running: Promise<void>;

  beforeAll(async () => {
    server = await PrivateDevServer.create('shards', {
      'limit.numPendingChildExecutions.error': PENDING_CHILDREN_LIMIT,
    });
    pool = createPool(readHarnessState().databaseUrl);
    const config = testConfig(uniqueTaskQueue('shards'), { TEMPORAL_ADDRESS: server.address });
    harness = await createTestWorker(pool, config);
    running = harness.worker.run();
  });

  afterAll(async () => {
    harness.worker.shutdown();
    await running;
    await harness.close();
    await pool.end();
    await server.stop();
  });

  it('runs an unsharded window above that limit: its jobs are started as independent workflows', async () => {
    // (before campaign-batch-starts, the same campaign's child starts failed its workflow task with
    // PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED on this server)
    const campaignId = `unsharded-${randomUUID().slice(0, 8)}`;
    const jobs = PENDING_CHILDREN_LIMIT + 5;
    const input = campaignInput(writeCampaignCsv(Array.from({ length: jobs }, () => '')), {
      maxInFlight: jobs,
      scheduler: { kind: 'local', localConcurrency: 32 },
    });
    input.orca = { ...input.orca, executable: instantOrca(5), walltimeMinutes: 5 };
    const summary = await harness.client.workflow.execute(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    expect(summary.counts).toMatchObject({ completed: jobs, failed: 0 });
    expect(await workflowTaskFailures(harness.client, campaignId)).not.toContain(LIMIT_EXCEEDED);
  }, 120_000);

  it('runs maxInFlight 50 through shard workflows: every job once, no refused start', async () => {
    const campaignId = `sharded-${randomUUID().slice(0, 8)}`;
    const jobs = 120;
    const input = campaignInput(writeCampaignCsv(Array.from({ length: jobs }, () => '')), {
      maxInFlight: 50,
      maxInFlightPerWorkflow: 15,
      continueAsNewAfterJobs: 15,
      pollIntervalSeconds: 1,
      scheduler: { kind: 'local', localConcurrency: 64 },
    });
    input.orca = { ...input.orca, executable: instantOrca(), walltimeMinutes: 5 };
    const summary = await harness.client.workflow.execute(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    expect(summary.counts).toMatchObject({ completed: jobs, failed: 0, ready: 0, running: 0 });

    const attempts = await query<{ job_id: string; n: string; ids: string }>(
      `SELECT job_id, count(*) AS n, count(DISTINCT scheduler_id) AS ids FROM attempts
       WHERE campaign_id = $1 GROUP BY job_id`,
      [campaignId],
    );
    expect(attempts).toHaveLength(jobs);
    expect(attempts.filter((a) => a.n !== '1' || a.ids !== '1')).toEqual([]);

    // ceil(50 / 15) = 4 shards, each continued as new after 15 of its jobs
    const shards = [0, 1, 2, 3].map((shard) => shardWorkflowId(campaignId, shard));
    const shardRuns = await Promise.all(shards.map((id) => runsOf(harness.client, id)));
    // every shard ran; together they continued as new (how the rows fall to shards depends on timing)
    expect(shardRuns.every((runs) => runs >= 1)).toBe(true);
    expect(shardRuns.reduce((sum, runs) => sum + runs, 0)).toBeGreaterThan(shards.length);
    expect(await runsOf(harness.client, shardWorkflowId(campaignId, 4))).toBe(0);
    // (an UnhandledCommand failure is benign: a signal arrived as a run tried to close; it retries)
    for (const id of [campaignId, ...shards]) {
      expect(await workflowTaskFailures(harness.client, id)).not.toContain(LIMIT_EXCEEDED);
    }
  }, 300_000);
});
