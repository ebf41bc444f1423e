import { Client as PgClient } from 'pg';
import { createPool } from '../src/db/pool';
import { stackProbe } from '../src/workflows';
import { readHarnessState } from './harness/state';
import { createTestWorker, testConfig, uniqueTaskQueue } from './harness/temporal';

describe('stackProbe on the real dev server and Postgres', () => {
  it('writes one row through an activity and records the run in Temporal history', async () => {
    const state = readHarnessState();
    const pool = createPool(state.databaseUrl);
    const taskQueue = uniqueTaskQueue('probe');
    const { worker, client, close } = await createTestWorker(pool, testConfig(taskQueue));
    const workflowId = `stack-probe-test-${taskQueue}`;
    try {
      const result = await worker.runUntil(
        client.workflow.execute(stackProbe, { taskQueue, workflowId, args: ['hello from jest'] }),
      );
      expect(result.activityAttempt).toBe(1);

      const db = new PgClient({ connectionString: state.databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ id: string; message: string }>(
          'SELECT id, message FROM stack_probes WHERE workflow_id = $1',
          [workflowId],
        );
        expect(rows).toEqual([{ id: String(result.rowId), message: 'hello from jest' }]);
      } finally {
        await db.end();
      }

      const description = await client.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('COMPLETED');
      expect(description.type).toBe('stackProbe');
    } finally {
      await close();
      await pool.end();
    }
  });
});
