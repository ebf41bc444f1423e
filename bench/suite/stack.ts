import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Pool } from 'pg';

import { dropDatabase, ensureDatabase, migrate } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import { PrivateDevServer } from '../../test/harness/processes';
import { PrivateProductionServer } from '../../test/harness/production-server';
import type { PrivateTemporalServer } from '../../test/harness/topology';
import type { Topology } from './options';

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

export async function finalCount(pool: Pool, campaignId: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status IN ('completed','failed','timeout','cancelled')",
    [campaignId],
  );
  return Number(rows[0]!.n);
}

/** Terminates the running workflows that `query` (a visibility query) finds, e.g. at a run's cap. */
export async function terminateRunning(stack: Stack, query: string): Promise<void> {
  const open: string[] = [];
  for await (const info of stack.client.workflow.list({
    query: `(${query}) AND ExecutionStatus = 'Running'`,
  })) {
    open.push(info.workflowId);
  }
  for (const id of open) {
    await stack.client.workflow
      .getHandle(id)
      .terminate('bench cap')
      .catch(() => undefined); // it closed meanwhile
  }
}
