import type { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { connectClient, tlsOptions } from '../client/temporal-connection';
import type { Config } from '../config';
import { ensureSearchAttributes } from './search-attributes';
import { workflowCodeOptions } from './workflow-code';

export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
  /** Closes the connections the worker and its activities opened. */
  close: () => Promise<void>;
}

export async function createOrcastrateWorker(
  config: Config,
  pool: Pool,
  workflowCode = workflowCodeOptions(),
): Promise<WorkerHandle> {
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    tls: await tlsOptions(config.temporal.tls),
  });
  const client = await connectClient(config);
  try {
    const added = await ensureSearchAttributes(client.connection as Connection, config.temporal.namespace);
    if (added.length) console.log(`registered search attributes ${added.join(', ')}`);
  } catch (error) {
    // e.g. a hosted namespace where workers may not manage search attributes
    console.warn(
      `could not check search attributes (${(error as Error).message}); the Web UI filters may be missing`,
    );
  }
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ pool, config, client }),
    ...workflowCode,
  });
  const close = async () => {
    await client.connection.close();
    await connection.close();
  };
  return { worker, connection, close };
}
