import { randomUUID } from 'node:crypto';
import {
  insertOperatorAction,
  listOperatorActions,
  MAX_ARGUMENTS_JSON_BYTES,
  type NewOperatorAction,
  type StoredOperatorAction,
} from '../../src/db';
import { createPool } from '../../src/db/pool';
import { readHarnessState } from '../harness/state';

// Signal payloads come from anyone with `temporal workflow signal`: the audit row must still be written.
describe('operator_actions and untrusted arguments, identities and reasons', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  async function storeAndRead(extra: Partial<NewOperatorAction>): Promise<StoredOperatorAction> {
    const campaignId = `audit-bad-${randomUUID().slice(0, 8)}`;
    const inserted = await insertOperatorAction(pool, {
      campaignId,
      action: 'retryJobs',
      arguments: undefined,
      accepted: true,
      identity: null,
      via: 'signal',
      workflowId: campaignId,
      runId: randomUUID(),
      activityId: '1',
      ...extra,
    });
    expect(inserted).toBe(true);
    const { actions } = await listOperatorActions(pool, campaignId, 5);
    expect(actions).toHaveLength(1);
    return actions[0]!;
  }

  it('cuts arguments above 64 KiB of JSON to their first 64 KiB and says from how many bytes', async () => {
    const jobIds = Array.from({ length: 100_000 }, (_, i) => `job-${String(i).padStart(6, '0')}`);
    const json = JSON.stringify({ jobIds });
    const stored = await storeAndRead({ arguments: { jobIds } });
    expect(stored.argumentsCutFromBytes).toBe(Buffer.byteLength(json));
    expect(typeof stored.arguments).toBe('string');
    const kept = stored.arguments as string;
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(MAX_ARGUMENTS_JSON_BYTES);
    expect(Buffer.byteLength(kept)).toBeGreaterThan(MAX_ARGUMENTS_JSON_BYTES - 16);
    expect(json.startsWith(kept)).toBe(true);
  });

  it('keeps arguments of exactly 64 KiB whole, and never cuts a character in two', async () => {
    const padding = 'x'.repeat(MAX_ARGUMENTS_JSON_BYTES - JSON.stringify({ note: '' }).length);
    const whole = await storeAndRead({ arguments: { note: padding } });
    expect(whole.argumentsCutFromBytes).toBeNull();
    expect(whole.arguments).toEqual({ note: padding });

    const wide = await storeAndRead({ arguments: { note: '😀'.repeat(40_000) } });
    expect(wide.argumentsCutFromBytes).toBe(Buffer.byteLength(JSON.stringify({ note: '😀'.repeat(40_000) })));
    const kept = wide.arguments as string;
    expect(kept).toMatch(/^\{"note":"(😀)+$/u);
  });

  it('stores NUL characters in argument keys and strings, identities and reasons as U+FFFD', async () => {
    const stored = await storeAndRead({
      arguments: { 'job\u0000Ids': ['a\u0000b'], nested: { deep: '\u0000' } },
      identity: 'mallory\u0000@host',
      accepted: false,
      refusedBecause: 'bad\u0000 jobIds',
      updateId: 'u\u00001',
    });
    expect(stored.arguments).toEqual({ 'job\uFFFDIds': ['a\uFFFDb'], nested: { deep: '\uFFFD' } });
    expect(stored.identity).toBe('mallory\uFFFD@host');
    expect(stored.refusedBecause).toBe('bad\uFFFD jobIds');
    expect(stored.updateId).toBe('u\uFFFD1');
  });

  it('caps an identity and a reason of a megabyte at 2000 characters', async () => {
    const stored = await storeAndRead({
      identity: 'i'.repeat(1_000_000),
      accepted: false,
      refusedBecause: 'r'.repeat(1_000_000),
    });
    expect(stored.identity).toHaveLength(2_000);
    expect(stored.identity!.endsWith('…')).toBe(true);
    expect(stored.refusedBecause).toHaveLength(2_000);
  });

  it('stores arguments that are not objects (a bare number, a string, an array)', async () => {
    expect((await storeAndRead({ arguments: 50 })).arguments).toBe(50);
    expect((await storeAndRead({ arguments: 'x' })).arguments).toBe('x');
    expect((await storeAndRead({ arguments: [1, null, 'y'] })).arguments).toEqual([1, null, 'y']);
  });
});
