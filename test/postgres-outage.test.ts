import { Client as PgClient } from 'pg';
import { createPool } from '../src/db/pool';
import { stackProbe } from '../src/workflows';
import { adminClient, createScratchDatabase } from './harness/postgres';
import { createTestWorker, testConfig, uniqueTaskQueue } from './harness/temporal';

describe('worker during a Postgres outage', () => {
  it('keeps running, retries the activity, and succeeds once Postgres is back', async () => {
    const db = await createScratchDatabase('outage');
    const databaseName = new URL(db.url).pathname.slice(1);
    const pool = createPool(db.url);
    await pool.query('SELECT 1'); // a live idle connection that the outage will kill
    const admin = await adminClient();
    const taskQueue = uniqueTaskQueue('outage');
    const { worker, client, close } = await createTestWorker(
      pool,
      testConfig(taskQueue, { DATABASE_URL: db.url }),
    );
    const workflowId = `outage-${taskQueue}`;
    const quote = admin.escapeIdentifier(databaseName);
    try {
      await admin.query(`ALTER DATABASE ${quote} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        databaseName,
      ]);

      const result = await worker.runUntil(async () => {
        const handle = await client.workflow.start(stackProbe, {
          taskQueue,
          workflowId,
          args: ['after outage'],
        });
        await waitUntil(async () => {
          const { raw } = await handle.describe();
          return (raw.pendingActivities?.[0]?.attempt ?? 0) >= 2;
        }, 30_000);
        await admin.query(`ALTER DATABASE ${quote} ALLOW_CONNECTIONS true`);
        return handle.result();
      });

      expect(result.activityAttempt).toBeGreaterThanOrEqual(2);
      const check = new PgClient({ connectionString: db.url });
      await check.connect();
      try {
        const { rows } = await check.query<{ activity_attempt: number }>(
          'SELECT activity_attempt FROM stack_probes WHERE workflow_id = $1',
          [workflowId],
        );
        expect(rows).toEqual([{ activity_attempt: result.activityAttempt }]);
      } finally {
        await check.end();
      }
    } finally {
      await admin.query(`ALTER DATABASE ${quote} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await close();
      await pool.end();
      await db.drop();
    }
  });
});

async function waitUntil(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
