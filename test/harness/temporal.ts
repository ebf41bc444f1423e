import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, DefaultLogger, type WorkerOptions } from '@temporalio/worker';
import { readHarnessState } from './state';

let runtimeInstalled = false;

/** Keeps worker logs to warnings so test output stays readable. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function connectTestClient(): Promise<Client> {
  const { temporalAddress } = readHarnessState();
  const connection = await Connection.connect({ address: temporalAddress });
  return new Client({ connection, namespace: 'default' });
}

export async function createTestWorker(
  options: Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  quietRuntime();
  const state = readHarnessState();
  const connection = await NativeConnection.connect({ address: state.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    workflowBundle: { codePath: state.workflowBundlePath },
    ...options,
  });
  return { worker, connection };
}
