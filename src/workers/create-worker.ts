import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { tlsOptions } from '../client/temporal-connection';
import type { Config } from '../config';
import { workflowCodeOptions } from './workflow-code';

export interface WorkerHandle {
  worker: Worker;
  connection: NativeConnection;
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
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ pool }),
    ...workflowCode,
  });
  return { worker, connection };
}
