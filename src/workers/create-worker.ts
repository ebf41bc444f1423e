import type { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { connectClient, temporalConnectError, tlsOptions } from '../temporal/connection';
import type { Config } from '../config';
import { describeError } from '../redact';
import { checkDataRoot } from './data-root';
import { ensureSearchAttributes } from './search-attributes';
import { loadWorkerTuning, workerTuningOptions, type WorkerTuning } from './tuning';
import { workflowCodeOptions } from './workflow-code';

export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
  /** Closes the connections the worker and its activities opened. */
  close: () => Promise<void>;
}

export interface WorkerCreateOptions {
  /** ORCASTRATE_WORKER_* settings (src/workers/tuning.ts); read from the environment when not given. */
  tuning?: WorkerTuning;
  workflowCode?: ReturnType<typeof workflowCodeOptions>;
}

export async function createOrcastrateWorker(
  config: Config,
  pool: Pool,
  { tuning = loadWorkerTuning(), workflowCode = workflowCodeOptions() }: WorkerCreateOptions = {},
): Promise<WorkerHandle> {
  // the activities create job directories under it; a bad one must fail here, before connecting
  await checkDataRoot(config.dataRoot);
  const tls = await tlsOptions(config.temporal.tls);
  const connection = await NativeConnection.connect({ address: config.temporal.address, tls }).catch(
    (error: unknown) => {
      throw temporalConnectError(config, error);
    },
  );
  let client: Client | undefined;
  const close = async () => {
    await client?.connection.close();
    await connection.close();
  };
  try {
    client = await connectClient(config, tls);
    await checkSearchAttributes(client, config.temporal.namespace);
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities({ pool, config, client }),
      ...workerTuningOptions(tuning),
      ...workflowCode,
    }).catch((error: unknown) => {
      const { namespace, taskQueue } = config.temporal;
      throw new Error(
        `cannot start the worker (TEMPORAL_NAMESPACE=${namespace}, ORCASTRATE_TASK_QUEUE=${taskQueue}): ${describeError(error)}`,
        { cause: error },
      );
    });
    return { worker, connection, close };
  } catch (error) {
    // open connections would keep a worker that failed to start from exiting
    await close().catch(() => undefined);
    throw error;
  }
}

async function checkSearchAttributes(client: Client, namespace: string): Promise<void> {
  try {
    const added = await ensureSearchAttributes(client.connection as Connection, namespace);
    if (added.length) console.log(`registered search attributes ${added.join(', ')}`);
  } catch (error) {
    // e.g. a hosted namespace where workers may not manage search attributes
    console.warn(
      `could not check search attributes (${describeError(error)}); the Web UI filters may be missing`,
    );
  }
}
