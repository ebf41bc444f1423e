import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, DefaultLogger, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../../src/activities';
import { loadConfig, type Config } from '../../src/config';
import { createPool } from '../../src/db/pool';
import { readHarnessState } from './state';

let runtimeInstalled = false;

/** Keeps worker logs to errors so test output stays readable (activity retries are expected here). */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Configuration pointing at the harness's server and database, with a private task queue and data root. */
export function testConfig(taskQueue: string, overrides: Record<string, string> = {}): Config {
  const state = readHarnessState();
  return loadConfig({
    TEMPORAL_ADDRESS: state.temporalAddress,
    // a test's own server (another address) has only `default`
    TEMPORAL_NAMESPACE: overrides.TEMPORAL_ADDRESS ? 'default' : state.temporalNamespace,
    DATABASE_URL: state.databaseUrl,
    ORCASTRATE_TASK_QUEUE: taskQueue,
    // not created here: the worker must create its own data root
    ORCASTRATE_DATA_ROOT: path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-data-')), 'campaigns'),
    ...overrides,
  });
}

export async function connectTestClient(
  address = readHarnessState().temporalAddress,
  namespace = address === readHarnessState().temporalAddress
    ? readHarnessState().temporalNamespace
    : 'default',
): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}

export interface TestWorker {
  worker: Worker;
  client: Client;
  config: Config;
  close: () => Promise<void>;
}

/** A worker with the real activities, on its own task queue (and the config's server), using the prebuilt test bundle. */
export async function createTestWorker(
  pool: Pool,
  config: Config,
  options: Partial<Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>> = {},
): Promise<TestWorker> {
  quietRuntime();
  const state = readHarnessState();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const client = await connectTestClient(config.temporal.address, config.temporal.namespace);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { codePath: state.workflowBundlePath },
    activities: createActivities({ pool, config, client }),
    ...options,
  });
  return {
    worker,
    client,
    config,
    close: async () => {
      await client.connection.close();
      await connection.close();
    },
  };
}

/**
 * One worker running for a whole test file, with the real activities on a private task queue. The
 * returned object is filled in by beforeAll (read it inside tests); `before` runs first, e.g. a
 * prerequisite check.
 */
export function useRunningTestWorker(prefix: string, before?: () => void): TestWorker & { pool: Pool } {
  const harness = {} as TestWorker & { pool: Pool };
  let running: Promise<void>;
  beforeAll(async () => {
    before?.();
    const pool = createPool(readHarnessState().databaseUrl);
    Object.assign(harness, await createTestWorker(pool, testConfig(uniqueTaskQueue(prefix))), { pool });
    running = harness.worker.run();
  });
  afterAll(async () => {
    harness.worker.shutdown();
    await running;
    await harness.close();
    await harness.pool.end();
  });
  return harness;
}
