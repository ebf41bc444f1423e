import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities, type Activities } from '../../src/activities';
import type { OperatorActionRecord } from '../../src/campaign/operator-actions';
import { listOperatorActions, type StoredOperatorAction } from '../../src/db';
import { campaign } from '../../src/workflows';
import {
  campaignStatusQuery,
  pauseSignal,
  resetFailedUpdate,
  resumeSignal,
  setMaxInFlightSignal,
} from '../../src/workflows/messages';
import { waitFor } from '../adversarial/support';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';

/**
 * recordOperatorAction run for real (a real pool, a real client, the history of a real campaign)
 * through MockActivityEnvironment, as the campaign's handlers will schedule it.
 */
describe('the recordOperatorAction activity', () => {
  const harness = useRunningTestWorker('audit');
  const campaignId = `audit-${randomUUID().slice(0, 8)}`;
  const updateId = `reset-${randomUUID().slice(0, 8)}`;
  let execution: { workflowId: string; runId: string };
  let activities: Activities;

  const as = (identity: string) =>
    new Client({
      connection: harness.client.connection,
      namespace: harness.config.temporal.namespace,
      identity,
    });

  beforeAll(async () => {
    activities = createActivities({ pool: harness.pool, config: harness.config, client: harness.client });
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeCampaignCsv(['']), { closeAfterHours: 0 })],
    });
    execution = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
    // two pauses: the newer one (alice) is the caller the lookup must find
    await as('zed@login0').workflow.getHandle(campaignId).signal(pauseSignal);
    await as('alice@login1').workflow.getHandle(campaignId).signal(pauseSignal);
    await waitFor(async () => (await handle.query(campaignStatusQuery)).phase === 'paused');
    const reset = await as('bob@login2')
      .workflow.getHandle(campaignId)
      .executeUpdate(resetFailedUpdate, { args: [{ includeTimeouts: true }], updateId });
    expect(reset).toBe(0);
    await as('mallory@login4').workflow.getHandle(campaignId).signal(setMaxInFlightSignal, 5);
    await as('carol@login3').workflow.getHandle(campaignId).signal(resumeSignal);
    await handle.result();
  });

  function record(extra: Partial<OperatorActionRecord>): OperatorActionRecord {
    return {
      campaignId,
      action: 'pause',
      arguments: undefined,
      accepted: true,
      via: 'signal',
      ...execution,
      ...extra,
    };
  }

  const warnings: string[] = [];
  const logger = new DefaultLogger('WARN', (entry) => warnings.push(entry.message));

  async function recordAs(activityId: string, action: OperatorActionRecord, attempt = 1): Promise<void> {
    const env = new MockActivityEnvironment(
      { workflowExecution: execution, activityId, attempt, scheduledTimestampMs: Date.now() },
      { logger },
    );
    await env.run((input: OperatorActionRecord) => activities.recordOperatorAction(input), action);
  }

  async function storedBy(activityId: string): Promise<StoredOperatorAction> {
    const { actions } = await listOperatorActions(harness.pool, campaignId, 100);
    const found = actions.filter((a) => a.activityId === activityId);
    expect(found).toHaveLength(1);
    return found[0]!;
  }

  it("finds an update's caller by its update id", async () => {
    await recordAs(
      'u1',
      record({
        action: 'resetFailed',
        via: 'update',
        updateId,
        arguments: { includeTimeouts: true },
        jobsAffected: 0,
      }),
    );
    expect(await storedBy('u1')).toMatchObject({
      identity: 'bob@login2',
      via: 'update',
      updateId,
      arguments: { includeTimeouts: true },
      jobsAffected: 0,
      runId: execution.runId,
    });
  });

  it("finds a signal's caller: the newest signal of the action's name", async () => {
    await recordAs('s1', record({ action: 'pause' }));
    await recordAs('s2', record({ action: 'resume' }));
    await recordAs('s3', record({ action: 'setMaxInFlight', arguments: 5 }));
    expect((await storedBy('s1')).identity).toBe('alice@login1');
    expect((await storedBy('s2')).identity).toBe('carol@login3');
    expect(await storedBy('s3')).toMatchObject({ identity: 'mallory@login4', arguments: 5 });
  });

  it('writes one row for retries of the same activity, and keeps the first', async () => {
    await recordAs('r1', record({ action: 'pause' }), 1);
    await recordAs('r1', record({ action: 'pause', identity: 'changed on retry' }), 2);
    await recordAs('r1', record({ action: 'pause', identity: 'changed again' }), 3);
    expect((await storedBy('r1')).identity).toBe('alice@login1');
  });

  it('keeps an identity the caller named itself, without a lookup', async () => {
    await recordAs('n1', record({ action: 'pause', identity: 'requested-by-ops-ticket-42' }));
    expect((await storedBy('n1')).identity).toBe('requested-by-ops-ticket-42');
  });

  it('stores null, and succeeds, when the caller cannot be found', async () => {
    await recordAs('m1', record({ action: 'resetFailed', via: 'update', updateId: 'no-such-update' }));
    await recordAs('m2', record({ action: 'close', via: 'signal' }));
    await recordAs('m3', record({ action: 'resetFailed', via: 'update' })); // no update id at all
    expect(warnings).toEqual([]);
    const missingRun = { workflowId: `no-such-${randomUUID()}`, runId: randomUUID() };
    await recordAs('m4', record({ action: 'pause', ...missingRun }));
    expect(warnings).toEqual([expect.stringMatching(/cannot read the workflow history.*NOT_FOUND/)]);
    for (const activityId of ['m1', 'm2', 'm3']) expect((await storedBy(activityId)).identity).toBeNull();
    const { actions } = await listOperatorActions(harness.pool, campaignId, 100);
    expect(actions.find((a) => a.activityId === 'm4')).toMatchObject({
      identity: null,
      runId: missingRun.runId,
    });
  });
});
