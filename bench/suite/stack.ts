import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';

import { createActivities } from '../../src/activities';
import { createCampaignCheckActivities } from '../../src/activities/campaign-checks';
import { createCampaignDbActivities } from '../../src/activities/campaign-db';
import { createHostPinActivities } from '../../src/activities/host-pin';
import { SchedulerRegistry } from '../../src/activities/deps';
import { withHeartbeats } from '../../src/activities/heartbeat';
import { createJobAttemptActivities } from '../../src/activities/job-attempts';
import { createPollerActivities } from '../../src/activities/poller';
import type { SchedulerSettings } from '../../src/campaign/input';
import { loadConfig, type Config } from '../../src/config';
import { dropDatabase, ensureDatabase, migrate } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import type { JobSpec, SchedulerAdapter } from '../../src/schedulers';
import { PrivateDevServer } from '../../test/harness/processes';
import { PrivateProductionServer } from '../../test/harness/production-server';
import type { PrivateTemporalServer } from '../../test/harness/topology';
import type { Topology } from './options';
import { WORKFLOW_BUNDLE } from './repo-paths';

/** A scheduler registry whose adapters submit jobs WITHOUT the completion hook (poll-only path). */
class PollOnlyRegistry extends SchedulerRegistry {
  override get(settings: SchedulerSettings): SchedulerAdapter {
    const adapter = super.get(settings);
    return new Proxy(adapter, {
      get(target, property, receiver) {
        if (property === 'submit') {
          return (spec: JobSpec) => target.submit({ ...spec, report: undefined });
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

/** The real parts every measurement runs on, started once per `npm run bench`. */
export interface Stack {
  topology: Topology;
  server: PrivateTemporalServer;
  client: Client;
  connection: NativeConnection;
  pool: Pool;
  databaseUrl: string;
  workDir: string;
}

/** A fresh database, a private Temporal server (dev server, or the production server on Postgres) and a scratch directory. */
export async function openStack(topology: Topology = 'dev'): Promise<Stack> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'orcastrate-bench-'));
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/orcastrate_bench_${Date.now().toString(36)}`;
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  const server =
    topology === 'production'
      ? await PrivateProductionServer.create('bench', { adminDatabaseUrl: databaseUrl })
      : await PrivateDevServer.create('bench');
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  return { topology, server, client, connection, pool, databaseUrl, workDir };
}

export async function closeStack(stack: Stack): Promise<void> {
  await stack.client.connection.close();
  await stack.connection.close();
  await stack.server.stop();
  await stack.pool.end();
  await dropDatabase(stack.databaseUrl).catch(() => undefined);
  rmSync(stack.workDir, { recursive: true, force: true });
}

/** Runs `body` with an in-process worker of our real workflows (self-report or poll-only). */
export async function withOurWorker<T>(
  stack: Stack,
  mode: 'self-report' | 'poll-only',
  body: (taskQueue: string, config: Config) => Promise<T>,
): Promise<T> {
  const taskQueue = `bench-${mode}-${randomUUID().slice(0, 6)}`;
  const config = loadConfig({
    TEMPORAL_ADDRESS: stack.server.address,
    DATABASE_URL: stack.databaseUrl,
    ORCASTRATE_TASK_QUEUE: taskQueue,
    ORCASTRATE_DATA_ROOT: path.join(stack.workDir, `data-${taskQueue}`),
  });
  let activities: object;
  if (mode === 'self-report') {
    activities = createActivities({ pool: stack.pool, config, client: stack.client });
  } else {
    mkdirSync(config.dataRoot, { recursive: true });
    const registry = new PollOnlyRegistry(config.dataRoot);
    activities = withHeartbeats({
      ...createCampaignDbActivities(stack.pool),
      ...createCampaignCheckActivities(config),
      ...createJobAttemptActivities(stack.pool, config, registry),
      ...createPollerActivities(stack.pool, stack.client, registry),
      // an in-process worker polls no host queue: its local-runner campaigns stay unpinned
      ...createHostPinActivities(config, undefined),
    });
  }
  const worker = await Worker.create({
    connection: stack.connection,
    taskQueue,
    workflowBundle: { codePath: WORKFLOW_BUNDLE },
    activities,
  });
  const running = worker.run();
  try {
    return await body(taskQueue, config);
  } finally {
    worker.shutdown();
    await running;
  }
}

export async function historyLength(client: Client, workflowId: string, runId?: string): Promise<number> {
  const description = await client.workflow.getHandle(workflowId, runId).describe();
  return description.historyLength;
}

export async function finalCount(pool: Pool, campaignId: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status IN ('completed','failed','timeout','cancelled')",
    [campaignId],
  );
  return Number(rows[0]!.n);
}

export async function countRuns(
  client: Client,
  workflowId: string,
): Promise<{ runs: number; lastHistory: number }> {
  let runs = 0;
  for await (const _ of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs += 1;
  return { runs, lastHistory: await historyLength(client, workflowId) };
}
