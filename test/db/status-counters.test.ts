import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import {
  cancelReadyJobs,
  compactStatusCounts,
  insertJobs,
  jobIdForRow,
  JobCopy,
  markCampaignLeftoversCancelled,
  moveJobs,
  recordJobOutcome,
  resetFailedJobs,
  retryJobs,
  statusCounts,
  upsertCampaign,
  withTransaction,
} from '../../src/db';
import { dropDatabase, ensureDatabase, migrate, MIGRATIONS_DIR, readMigrations } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import { newCampaignId, waterJob } from '../adversarial/ingest-support';
import { readHarnessState } from '../harness/state';

/** The counts a GROUP BY over the campaign's rows gives, zero statuses left out. */
async function groupedCounts(pool: Pool, campaignId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM jobs WHERE campaign_id = $1 GROUP BY status',
    [campaignId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The sums of the counter rows, zero sums left out. */
async function counterSums(pool: Pool, campaignId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: string }>(
    `SELECT status, sum(count) AS n FROM campaign_status_counts WHERE campaign_id = $1
     GROUP BY status HAVING sum(count) <> 0`,
    [campaignId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

const nonZero = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

const ids = (rows: number[]) => rows.map(jobIdForRow);

describe('per-status counters kept by the triggers on jobs', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  async function expectCountersMatch(campaignId: string, expected: Record<string, number>) {
    const grouped = await groupedCounts(pool, campaignId);
    expect(grouped).toEqual(expected);
    expect(await counterSums(pool, campaignId)).toEqual(grouped);
    expect(nonZero(await statusCounts(pool, campaignId))).toEqual(grouped);
  }

  /** Compaction keeps the counts and leaves one row per status. */
  async function expectCompacted(campaignId: string) {
    const before = await statusCounts(pool, campaignId);
    expect(await compactStatusCounts(pool, campaignId)).toEqual(before);
    const { rows } = await pool.query<{ status: string }>(
      'SELECT status FROM campaign_status_counts WHERE campaign_id = $1',
      [campaignId],
    );
    expect(rows.map((r) => r.status).sort()).toEqual(Object.keys(nonZero(before)).sort());
    expect(await statusCounts(pool, campaignId)).toEqual(before);
  }

  it('match GROUP BY after a COPY ingest, transitions, resets, retries, cancels and deletes', async () => {
    const campaignId = newCampaignId('counts');
    await upsertCampaign(pool, campaignId, {});
    await withTransaction(pool, async (client) => {
      const copy = await JobCopy.open(client, campaignId);
      for (let rowIndex = 0; rowIndex < 1500; rowIndex++) await copy.add(waterJob(rowIndex));
      await copy.close([]);
    });
    await expectCountersMatch(campaignId, { ready: 1500 });

    await moveJobs(pool, campaignId, ids([0, 1, 2, 3, 4, 5]), 'submitted', ['ready']);
    await moveJobs(pool, campaignId, ids([0, 1, 2, 3, 4]), 'running', ['submitted']);
    // a no-op move (already running) and an update of no status change nothing
    await moveJobs(pool, campaignId, ids([0]), 'running', ['submitted']);
    await pool.query('UPDATE jobs SET attempts = attempts + 1 WHERE campaign_id = $1', [campaignId]);
    const outcome = (row: number, status: 'completed' | 'failed' | 'timeout') =>
      recordJobOutcome(pool, { campaignId, jobId: jobIdForRow(row), status, reason: 'x', attempts: 1 });
    await outcome(0, 'completed');
    await outcome(1, 'failed');
    await outcome(2, 'failed');
    await outcome(3, 'timeout');
    await expectCompacted(campaignId);
    await expectCountersMatch(campaignId, {
      ready: 1494,
      submitted: 1,
      running: 1,
      completed: 1,
      failed: 2,
      timeout: 1,
    });

    expect(await resetFailedJobs(pool, campaignId, { includeTimeouts: true })).toBe(3);
    await expectCountersMatch(campaignId, { ready: 1497, submitted: 1, running: 1, completed: 1 });
    await expectCompacted(campaignId);
    expect((await retryJobs(pool, campaignId, ids([0]), undefined)).retried).toBe(1);
    await expectCountersMatch(campaignId, { ready: 1498, submitted: 1, running: 1 });

    await pool.query('DELETE FROM jobs WHERE campaign_id = $1 AND row_index >= 1000', [campaignId]);
    await expectCountersMatch(campaignId, { ready: 998, submitted: 1, running: 1 });
    expect(await cancelReadyJobs(pool, campaignId)).toBe(998);
    await markCampaignLeftoversCancelled(pool, campaignId);
    await expectCountersMatch(campaignId, { cancelled: 1000 });

    // Jobs of an INSERT (not COPY) path and a rolled-back transaction
    await insertJobs(pool, campaignId, [waterJob(5000), waterJob(5001)]);
    await withTransaction(pool, async (client) => {
      await moveJobs(client, campaignId, ids([5000, 5001]), 'submitted', ['ready']);
      throw new Error('rolled back');
    }).catch(() => undefined);
    await expectCountersMatch(campaignId, { cancelled: 1000, ready: 2 });

    await pool.query('DELETE FROM campaigns WHERE id = $1', [campaignId]);
    const { rowCount } = await pool.query('SELECT 1 FROM campaign_status_counts WHERE campaign_id = $1', [
      campaignId,
    ]);
    expect(rowCount).toBe(0);
  });

  it('stay right under concurrent transitions of one campaign, without deadlocks', async () => {
    const campaignId = newCampaignId('counts');
    await upsertCampaign(pool, campaignId, {});
    await insertJobs(
      pool,
      campaignId,
      Array.from({ length: 200 }, (_, rowIndex) => waterJob(rowIndex)),
    );
    // 200 jobs, each through submitted → running → a final status, 20 transactions at a time
    const statuses = ['completed', 'failed', 'timeout', 'cancelled'] as const;
    const lives = Array.from({ length: 200 }, (_, row) => async () => {
      await withTransaction(pool, async (client) => {
        await moveJobs(client, campaignId, ids([row]), 'submitted', ['ready']);
        await moveJobs(client, campaignId, ids([row]), 'running', ['submitted']);
      });
      const status = statuses[row % statuses.length]!;
      await recordJobOutcome(pool, { campaignId, jobId: jobIdForRow(row), status, reason: 'r', attempts: 1 });
    });
    const queue = [...lives];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let life = queue.shift(); life; life = queue.shift()) await life();
      }),
    );
    await expectCountersMatch(campaignId, { completed: 50, failed: 50, timeout: 50, cancelled: 50 });
    await expectCompacted(campaignId);
  });

  it('never make one transition wait for another transaction of the same campaign', async () => {
    const campaignId = newCampaignId('counts');
    await upsertCampaign(pool, campaignId, {});
    await insertJobs(pool, campaignId, [waterJob(0), waterJob(1)]);
    const open = await pool.connect();
    try {
      await open.query('BEGIN');
      await moveJobs(open, campaignId, ids([0]), 'submitted', ['ready']);
      await withTransaction(pool, async (client) => {
        await client.query("SET LOCAL lock_timeout = '2s'");
        await moveJobs(client, campaignId, ids([1]), 'submitted', ['ready']);
        await compactStatusCounts(client, campaignId);
      });
      await open.query('COMMIT');
    } finally {
      open.release();
    }
    await expectCountersMatch(campaignId, { submitted: 2 });
  });
});

describe('migration 0009', () => {
  it('backfills the counters of campaigns that existed before it', async () => {
    const url = new URL(readHarnessState().databaseUrl);
    url.pathname = `/${url.pathname.slice(1)}_counts_${Date.now().toString(36)}`;
    const databaseUrl = url.toString();
    const before = mkdtempSync(path.join(tmpdir(), 'migrations-before-0009-'));
    for (const migration of await readMigrations()) {
      if (migration.version >= 9) continue;
      symlinkSync(path.join(MIGRATIONS_DIR, migration.name), path.join(before, migration.name));
    }
    await ensureDatabase(databaseUrl);
    const pool = createPool(databaseUrl);
    try {
      await migrate(databaseUrl, before);
      const [a, b] = [newCampaignId('old'), newCampaignId('old')];
      for (const id of [a, b]) await upsertCampaign(pool, id, {});
      // rows as the schema before 0009 had them (today's insert paths write later migrations' columns)
      const insertOld = (campaignId: string, rows: number, status: string) =>
        pool.query(
          `INSERT INTO jobs (campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, status)
           SELECT $1, 'row-' || lpad(i::text, 6, '0'), i, '{O,H,H}', 3, 0, 1, 'O 0 0 0', $3
           FROM generate_series(0, $2 - 1) AS i`,
          [campaignId, rows, status],
        );
      await insertOld(a, 30, 'ready');
      await insertOld(b, 1, 'ready');
      await pool.query(
        `UPDATE jobs SET status = CASE WHEN row_index < 3 THEN 'running' ELSE 'failed' END
         WHERE campaign_id = $1 AND row_index < 4`,
        [a],
      );

      expect((await migrate(databaseUrl))[0]).toBe('0009_campaign_status_counts.sql');
      expect(await statusCounts(pool, a)).toMatchObject({ ready: 26, running: 3, failed: 1, completed: 0 });
      expect(await statusCounts(pool, b)).toMatchObject({ ready: 1, running: 0 });
    } finally {
      await pool.end();
      await dropDatabase(databaseUrl);
    }
  });
});
