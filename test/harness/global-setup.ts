import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { bundleWorkflowCode } from '@temporalio/worker';
import { ensureDatabase, migrate } from '../../src/db/migrate';
import { findTemporalCli, temporalCliVersion } from '../../src/temporal/cli-binary';
import { WORKFLOWS_PATH } from '../../src/workers/workflow-code';
import { STATE_FILE_VARIABLE, type HarnessState } from './state';
import { startRunServer, testTopology } from './topology';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Starts ONE real Temporal server (a dev server, or the production stack's server with a throwaway
 * namespace: ORCASTRATE_TEST_TOPOLOGY) and ONE throwaway Postgres database for the whole jest run.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const topology = testTopology();
  const tmpDir = mkdtempSync(path.join(tmpdir(), 'orcastrate-test-'));

  const temporalCli = findTemporalCli();
  if (!temporalCli) {
    throw new Error(
      'Temporal CLI not found ($TEMPORAL_CLI, .tools/bin/temporal or `temporal` on PATH). Run `npm run setup` first.',
    );
  }
  const databaseUrl = testDatabaseUrl(process.env.ORCASTRATE_TEST_ADMIN_DATABASE_URL ?? DEFAULT_ADMIN_URL);
  await assertPostgresReachable(databaseUrl);

  const [server, workflowBundle] = await Promise.all([
    startRunServer(topology, tmpDir, temporalCli),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silentLogger }),
    ensureDatabase(databaseUrl).then(() => migrate(databaseUrl)),
  ]);
  const workflowBundlePath = path.join(tmpDir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, workflowBundle.code);

  const state: HarnessState = {
    topology,
    tmpDir,
    temporalCli,
    temporalAddress: server.address,
    temporalPort: Number(server.address.split(':').pop()),
    temporalNamespace: server.namespace,
    temporalPid: server.pid,
    temporalLogFile: server.logFile,
    startedStack: server.startedStack,
    serverVersion: server.serverVersion,
    databaseUrl,
    workflowBundlePath,
  };
  const stateFile = path.join(tmpDir, 'harness.json');
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
  process.env[STATE_FILE_VARIABLE] = stateFile;
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = server.namespace;
  process.env.DATABASE_URL = databaseUrl;
  server.unref();

  console.log(
    (topology === 'dev'
      ? `\n[harness] Temporal dev server ${server.serverVersion} (${temporalCliVersion(temporalCli)}) on ${server.address}, pid ${server.pid}`
      : `\n[harness] production topology: Temporal server ${server.serverVersion} on Postgres at ${server.address}, pid ${server.pid}` +
        `${server.startedStack ? ' (started for this run)' : ' (already running)'}, namespace ${server.namespace}`) +
      `\n[harness] Postgres test database ${new URL(databaseUrl).pathname.slice(1)}; ready in ${Date.now() - started} ms`,
  );
}

function testDatabaseUrl(adminUrl: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/orcastrate_test_${process.pid}_${Date.now().toString(36)}`;
  return url.toString();
}

async function assertPostgresReachable(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Postgres is not reachable at ${url.host} (${(error as Error).message}). ` +
        'Run `npm run setup` (it starts the local server) or set ORCASTRATE_TEST_ADMIN_DATABASE_URL.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

const silentLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  log: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};
