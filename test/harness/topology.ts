/**
 * Which Temporal server a test run uses (ORCASTRATE_TEST_TOPOLOGY): `dev` (default) starts a private
 * `temporal server start-dev`; `production` uses the production stack's server (Temporal server on
 * Postgres, started with `npm run stack -- --production` unless it runs already) with a throwaway
 * namespace for the run, deleted at the end.
 */
import * as path from 'node:path';
import { freePort, startDevServer } from '../../src/dev-server';
import { Connection } from '@temporalio/client';
import { deleteNamespace, ensureStackServer, prepareNamespace, stopStack } from './production-stack';
import { PrivateProductionServer } from './production-server';

export type Topology = 'dev' | 'production';
export const TOPOLOGY_VARIABLE = 'ORCASTRATE_TEST_TOPOLOGY';

export function testTopology(env: Record<string, string | undefined> = process.env): Topology {
  const value = env[TOPOLOGY_VARIABLE]?.trim() || 'dev';
  if (value !== 'dev' && value !== 'production') {
    throw new Error(`${TOPOLOGY_VARIABLE}=${JSON.stringify(value)}: must be "dev" or "production"`);
  }
  return value;
}

export interface RunServer {
  topology: Topology;
  address: string;
  namespace: string;
  pid: number;
  serverVersion: string;
  logFile: string;
  /** production: this run started the stack's server, so the teardown stops it */
  startedStack: boolean;
  unref: () => void;
}

export async function startRunServer(topology: Topology, tmpDir: string, cli: string): Promise<RunServer> {
  const logFile = path.join(tmpDir, 'temporal.log');
  if (topology === 'dev') {
    const server = await startDevServer({
      cli,
      port: await freePort(),
      dbFile: path.join(tmpDir, 'temporal.sqlite'),
      logFile,
    });
    return {
      topology,
      address: server.address,
      namespace: 'default',
      pid: server.pid,
      serverVersion: server.serverVersion,
      logFile,
      startedStack: false,
      unref: () => server.process.unref(),
    };
  }
  const stack = await ensureStackServer();
  const namespace = `orcastrate-test-${process.pid}-${Date.now().toString(36)}`;
  await prepareNamespace(stack.address, namespace);
  return {
    topology,
    address: stack.address,
    namespace,
    pid: stack.pid,
    serverVersion: await serverVersionOf(stack.address),
    logFile: path.resolve('.data/stack/temporal-server.log'),
    startedStack: stack.startedHere,
    unref: () => undefined,
  };
}

async function serverVersionOf(address: string): Promise<string> {
  const connection = await Connection.connect({ address });
  try {
    return (await connection.workflowService.getSystemInfo({})).serverVersion ?? 'unknown';
  } finally {
    await connection.close();
  }
}

/** production: the run's namespace goes; the stack's server stops if this run started it. */
export async function stopProductionRun(
  address: string,
  namespace: string,
  startedStack: boolean,
): Promise<void> {
  await deleteNamespace(address, namespace).catch((error: unknown) => {
    console.error(`[harness] could not delete namespace ${namespace}: ${String(error)}`);
  });
  if (startedStack) await stopStack();
}

/** A Temporal server of one test's own, of the run's topology: restartable without touching others. */
export interface PrivateTemporalServer {
  readonly address: string;
  readonly namespace: string;
  readonly pid: number | undefined;
  restarts: number;
  /** dev: SIGTERM and start again; production: SIGKILL the real server process and start again */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function createPrivateTemporalServer(
  label: string,
  adminDatabaseUrl: string,
): Promise<PrivateTemporalServer> {
  if (testTopology() === 'production') return PrivateProductionServer.create(label, { adminDatabaseUrl });
  const { PrivateDevServer } = await import('./processes');
  return PrivateDevServer.create(label);
}
