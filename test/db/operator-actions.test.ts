import { randomUUID } from 'node:crypto';
import { insertOperatorAction, listOperatorActions, type NewOperatorAction } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { readHarnessState } from '../harness/state';

const newCampaignId = () => `audit-${randomUUID().slice(0, 8)}`;

function action(campaignId: string, activityId: string, extra: Partial<NewOperatorAction> = {}) {
  const base: NewOperatorAction = {
    campaignId,
    action: 'pause',
    arguments: undefined,
    accepted: true,
    identity: 'alice@login1',
    via: 'signal',
    workflowId: campaignId,
    runId: `run-${campaignId}`,
    activityId,
  };
  return { ...base, ...extra };
}

describe('operator_actions (insertOperatorAction, listOperatorActions)', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  it('stores every field once; the same (run, activity) again writes nothing', async () => {
    const campaignId = newCampaignId();
    const requestedAt = new Date('2030-01-02T03:04:05.678Z');
    const reset = action(campaignId, '7', {
      action: 'resetFailed',
      arguments: { includeTimeouts: true, maxFailCount: 3, overrides: { memoryMb: 4000 } },
      accepted: false,
      refusedBecause: 'campaign is closing',
      jobsAffected: 0,
      via: 'update',
      updateId: 'update-1',
      requestedAt,
    });
    expect(await insertOperatorAction(pool, reset)).toBe(true);
    expect(await insertOperatorAction(pool, { ...reset, identity: 'someone else' })).toBe(false);

    const { total, actions } = await listOperatorActions(pool, campaignId, 10);
    expect(total).toBe(1);
    expect(actions[0]!.createdAt).toBeInstanceOf(Date);
    expect(actions).toEqual([
      {
        campaignId,
        action: 'resetFailed',
        arguments: { includeTimeouts: true, maxFailCount: 3, overrides: { memoryMb: 4000 } },
        argumentsCutFromBytes: null,
        accepted: false,
        refusedBecause: 'campaign is closing',
        jobsAffected: 0,
        identity: 'alice@login1',
        via: 'update',
        workflowId: campaignId,
        runId: `run-${campaignId}`,
        updateId: 'update-1',
        activityId: '7',
        requestedAt,
        createdAt: actions[0]!.createdAt,
      },
    ]);
  });

  it('writes one row when two retries of one activity insert at the same time', async () => {
    const campaignId = newCampaignId();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => insertOperatorAction(pool, action(campaignId, '3'))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await listOperatorActions(pool, campaignId, 10)).total).toBe(1);
  });

  it('keeps actions without arguments, identity or time: null, null and the database clock', async () => {
    const campaignId = newCampaignId();
    const before = Date.now();
    await insertOperatorAction(pool, action(campaignId, '1', { identity: null }));
    const [stored] = (await listOperatorActions(pool, campaignId, 1)).actions;
    expect(stored).toMatchObject({ arguments: null, identity: null, jobsAffected: null, updateId: null });
    expect(stored!.requestedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(stored!.requestedAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it('lists the newest `limit` actions oldest first by request time, and counts them all', async () => {
    const campaignId = newCampaignId();
    const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 12, minute));
    // inserted out of order: a retried recording can land after a later one
    for (const [activityId, minute] of [
      ['2', 2],
      ['4', 4],
      ['1', 1],
      ['3', 3],
    ] as const) {
      await insertOperatorAction(pool, action(campaignId, activityId, { requestedAt: at(minute) }));
    }
    await insertOperatorAction(pool, action(newCampaignId(), '9')); // another campaign's

    const all = await listOperatorActions(pool, campaignId, 10);
    expect(all.total).toBe(4);
    expect(all.actions.map((a) => a.activityId)).toEqual(['1', '2', '3', '4']);
    const newest = await listOperatorActions(pool, campaignId, 2);
    expect(newest.total).toBe(4);
    expect(newest.actions.map((a) => a.activityId)).toEqual(['3', '4']);
    expect(await listOperatorActions(pool, newCampaignId(), 5)).toEqual({ total: 0, actions: [] });
  });

  it('uses the index for a campaign listing', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM operator_actions WHERE campaign_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 5`,
        ['x'],
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('operator_actions_campaign_time');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
