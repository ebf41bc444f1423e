import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId as Handle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Pool, PoolClient } from 'pg';
import { createPool } from '../src/db/pool';
import { stackProbe } from '../src/workflows';
import { WorkerProcess, assertBuilt, logSince, waitFor } from './harness/processes';
import { readHarnessState } from './harness/state';
import { uniqueTaskQueue } from './harness/temporal';

const PROBES = 6;
const WATCH_MS = 3_000;
const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;

/**
 * The real worker process (`node dist/workers/main.js`) runs stackProbe workflows whose one activity
 * inserts a row. The test holds those rows' keys in an open transaction, so every activity the worker
 * runs blocks in Postgres: the number of blocked inserts is the number of activities running at once.
 */
describe('ORCASTRATE_WORKER_* settings reach the SDK of a real worker process', () => {
  const state = readHarnessState();
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const workers: WorkerProcess[] = [];
  let pool: Pool;
  let client: Client;

  beforeAll(async () => {
    assertBuilt();
    pool = createPool(state.databaseUrl);
    client = new Client({
      connection: await Connection.connect({ address: state.temporalAddress }),
      namespace,
    });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill9();
    await client?.connection.close();
    await pool?.end();
  });

  async function blockedBy(holderPid: number): Promise<number> {
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
      [holderPid],
    );
    return rows[0]?.n ?? 0;
  }

  /** Temporal's own view: activities handed to the worker (STARTED), the rest still SCHEDULED. */
  async function startedActivities(handles: Handle[]): Promise<number> {
    const descriptions = await Promise.all(handles.map((handle) => handle.describe()));
    return descriptions
      .flatMap((d) => d.raw.pendingActivities ?? [])
      .filter((activity) => activity.state === STARTED).length;
  }

  async function holdKeys(holder: PoolClient, handles: Handle[]): Promise<number> {
    await holder.query('BEGIN');
    for (const handle of handles) {
      await holder.query(
        `INSERT INTO stack_probes (workflow_id, run_id, message, activity_attempt) VALUES ($1, $2, 'held by the test', 0)`,
        [handle.workflowId, handle.firstExecutionRunId],
      );
    }
    const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]!.pid;
  }

  /** Starts the probes and a worker with `tuning`; returns its tuning line and what was seen running. */
  async function runProbes(label: string, tuning: Record<string, string>, expectedAtOnce: number) {
    const taskQueue = uniqueTaskQueue(`tuning-${label}`);
    const handles = await Promise.all(
      Array.from({ length: PROBES }, (_, i) =>
        client.workflow.start(stackProbe, {
          taskQueue,
          workflowId: `${taskQueue}-${i}`,
          args: [`probe ${i}`],
        }),
      ),
    );
    const worker = new WorkerProcess({
      temporalAddress: state.temporalAddress,
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot: path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-tuning-')), 'campaigns'),
      env: { TEMPORAL_NAMESPACE: namespace, ...tuning },
    });
    workers.push(worker);
    const holder = await pool.connect();
    const seen = { blocked: [] as number[], started: [] as number[] };
    let line: string;
    try {
      const holderPid = await holdKeys(holder, handles);
      await worker.start();
      line = await waitFor(
        'the tuning line',
        () => Promise.resolve(/orcastrate worker tuning: (.*)/.exec(logSince(worker.logFile, 0))?.[1]),
        10_000,
      );
      // as many activities as the worker may run are stuck behind the held rows; watch a while longer
      await waitFor(
        'blocked activities',
        async () => ((await blockedBy(holderPid)) >= expectedAtOnce ? true : undefined),
        30_000,
      );
      for (const end = Date.now() + WATCH_MS; Date.now() < end;) {
        seen.blocked.push(await blockedBy(holderPid));
        seen.started.push(await startedActivities(handles));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      // lets the blocked inserts through (and never returns an open transaction to the pool)
      await holder.query('ROLLBACK');
      holder.release();
    }
    const results = await Promise.all(handles.map((handle) => handle.result()));
    await worker.stop();
    console.log(
      `${label}: "${line}"; blocked at once ${Math.min(...seen.blocked)}-${Math.max(...seen.blocked)}, started at once ${Math.min(...seen.started)}-${Math.max(...seen.started)}`,
    );
    return { line, ...seen, results };
  }

  it('runs activities one at a time with ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES=1', async () => {
    const run = await runProbes('one', { ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: '1' }, 1);
    expect(run.line).toBe(
      'max cached workflows 1000, workflow tasks 20 at once (10 pollers), activities 1 at once (1 poller), shutdown grace 10 s',
    );
    // the SDK default (100) or ours (20) would run all six at once
    expect(new Set(run.blocked)).toEqual(new Set([1]));
    expect(new Set(run.started)).toEqual(new Set([1]));
    expect(run.results.map((result) => result.activityAttempt)).toEqual(Array(PROBES).fill(1));
  });

  it('gives the SDK every other setting too (4 activities at once, never more)', async () => {
    const run = await runProbes(
      'four',
      {
        ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: '50',
        ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8',
        ORCASTRATE_WORKER_WORKFLOW_TASK_POLLERS: '3',
        ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: '4',
        ORCASTRATE_WORKER_ACTIVITY_TASK_POLLERS: '2',
        ORCASTRATE_WORKER_SHUTDOWN_GRACE_SECONDS: '7',
      },
      4,
    );
    expect(run.line).toBe(
      'max cached workflows 50, workflow tasks 8 at once (3 pollers), activities 4 at once (2 pollers), shutdown grace 7 s',
    );
    expect(new Set(run.blocked)).toEqual(new Set([4]));
    expect(new Set(run.started)).toEqual(new Set([4]));
    expect(run.results).toHaveLength(PROBES);
  });
});
