import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { createActivities, type Activities } from '../../src/activities';
import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import type { PreparedSubmission } from '../../src/activities/job-merged-steps';
import { upsertCampaign } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { initialPlan } from '../../src/recovery/plan';
import { campaignInput, query, writeCampaignCsv } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import { connectTestClient, testConfig, uniqueTaskQueue } from '../harness/temporal';

/**
 * A job on local steps assumes it is fresh and its first prepareAndSubmitAttempt checks that. The
 * activity may be retried after it prepared (or even submitted) attempt 1: its retry must go on
 * with attempt 1, not take it for an earlier run's and move on to attempt 2.
 */
describe('prepareAndSubmitAttempt, first of its run', () => {
  let pool: Pool;
  let activities: Activities;
  let close: () => Promise<void>;
  const campaignId = `pas-${randomUUID().slice(0, 8)}`;
  const jobId = 'row-000000';
  const workflowId = `${campaignId}/${jobId}`;
  const orca = { cores: 1, memoryMb: 2000, walltimeMinutes: 1, ...campaignInput('/x.csv').orca };
  const settings = {
    orca,
    scheduler: { kind: 'local' as const, localConcurrency: 1, exportEnv: [], exportModuleEnv: false },
    recovery: { strategy: 'fail-fast' as const, maxAttempts: 1 },
    graceMinutes: 0,
    pollIntervalSeconds: 1,
  };

  beforeAll(async () => {
    pool = createPool(readHarnessState().databaseUrl);
    const client = await connectTestClient();
    activities = createActivities({ pool, config: testConfig(uniqueTaskQueue('pas')), client });
    close = () => client.connection.close();
    await upsertCampaign(pool, campaignId, {});
    await ingestCsvIntoCampaign(pool, campaignId, writeCampaignCsv(['']), {
      preset: 'default',
      keepColumns: [],
    });
  });

  afterAll(async () => {
    await close();
    await pool.end();
  });

  function firstSubmitOf(runId: string, attempt: number): Promise<PreparedSubmission> {
    const env = new MockActivityEnvironment({
      workflowExecution: { workflowId, runId },
      activityId: '1',
      scheduledTimestampMs: Date.now(),
    });
    return env.run(
      (input: Parameters<Activities['prepareAndSubmitAttempt']>[0]) =>
        activities.prepareAndSubmitAttempt(input),
      {
        campaignId,
        jobId,
        attempt,
        settings,
        plan: initialPlan(orca),
        corrections: [],
        reportWorkflowId: workflowId,
        firstOfRun: true,
      },
    );
  }

  it("submits attempt 1 once, however often its run's first submit is tried; another run moves on", async () => {
    const first = await firstSubmitOf('run-a', 1);
    expect(first.kind).toBe('submitted');
    const retried = await firstSubmitOf('run-a', 1);
    expect(retried).toEqual(first);

    // a later run of the same workflow id (e.g. a reset) finds attempt 1 taken: it starts after it
    expect(await firstSubmitOf('run-b', 1)).toEqual({ kind: 'not-fresh', nextAttempt: 2 });
    const attempts = await query<{ attempt: number; scheduler_id: string }>(
      'SELECT attempt, scheduler_id FROM attempts WHERE campaign_id = $1 ORDER BY attempt',
      [campaignId],
    );
    expect(attempts).toEqual([
      { attempt: 1, scheduler_id: first.kind === 'submitted' ? first.schedulerId : '' },
    ]);
  });

  it('returns the overrides an operator set, without preparing anything', async () => {
    await pool.query(`UPDATE jobs SET overrides = '{"memoryMb": 4000}' WHERE campaign_id = $1`, [campaignId]);
    expect(await firstSubmitOf('run-c', 1)).toEqual({
      kind: 'not-fresh',
      nextAttempt: 2,
      overrides: { memoryMb: 4000 },
    });
  });
});
