import type { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { readApiKey } from '../temporal/api-key';
import { connectClient, temporalConnectError, tlsOptions } from '../temporal/connection';
import type { Config } from '../config';
import { describeError } from '../redact';
import { checkDataRoot } from './data-root';
import { ensureSearchAttributes } from './search-attributes';
import { loadWorkerTuning, workerTuningOptions, type WorkerTuning } from './tuning';
import { workflowCodeOptions } from './workflow-code';

export interface WorkerHandle {
  /** Polls the shared task queue: every workflow and every activity not bound to a host. */
  worker: Worker;
  /** Polls this host's task queue: the activities of the local-runner jobs launched here. */
  hostWorker: Worker;
  connection: NativeConnection;
  /** Runs both until a signal (or a shutdown of either) stops them; a failure of one stops both. */
  run: () => Promise<void>;
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
  const apiKey = await readApiKey(config.temporal.apiKeyFile);
  const address = config.temporal.address;
  const connection = await NativeConnection.connect({ address, tls: tls ?? false, apiKey }).catch(
    async (error: unknown) => {
      throw await temporalConnectError(config, error, tls);
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
    const { namespace, taskQueue, hostTaskQueue } = config.temporal;
    // one set of activities for both queues: the local runner's limits are kept per process
    const activities = createActivities({ pool, config, client, hostTaskQueue });
    const common = { connection, namespace, activities, identity: `${process.pid}@${config.workerHost}` };
    const failed = (queue: string) => (error: unknown) => {
      throw new Error(
        `cannot start the worker (TEMPORAL_NAMESPACE=${namespace}, ${queue}): ${describeError(error)}`,
        { cause: error },
      );
    };
    const tuned = workerTuningOptions(tuning);
    const worker = await Worker.create({ ...common, taskQueue, ...tuned, ...workflowCode }).catch(
      failed(`ORCASTRATE_TASK_QUEUE=${taskQueue}`),
    );
    // activities only: no workflow is ever started on a host queue
    const hostWorker = await Worker.create({
      ...common,
      taskQueue: hostTaskQueue,
      maxConcurrentActivityTaskExecutions: tuned.maxConcurrentActivityTaskExecutions,
      activityTaskPollerBehavior: tuned.activityTaskPollerBehavior,
      shutdownGraceTime: tuned.shutdownGraceTime,
    }).catch(failed(`host task queue ${hostTaskQueue} from ORCASTRATE_WORKER_HOST=${config.workerHost}`));
    return { worker, hostWorker, connection, run: () => runTogether(worker, hostWorker), close };
  } catch (error) {
    // open connections would keep a worker that failed to start from exiting
    await close().catch(() => undefined);
    throw error;
  }
}

/** Runs the workers until all have stopped; when one stops (or fails), the others are shut down. */
async function runTogether(...workers: Worker[]): Promise<void> {
  const stopAll = () => {
    for (const each of workers) if (each.getState() === 'RUNNING') each.shutdown();
  };
  const results = await Promise.allSettled(workers.map((each) => each.run().finally(stopAll)));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
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
