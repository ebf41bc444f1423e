import { execFile, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../src/campaign/search-attributes';
import { freePort, startDevServer, type RunningDevServer } from '../../src/dev-server';
import { findTemporalCli, REPO_ROOT } from '../../src/temporal/cli-binary';
import { ensureSearchAttributes } from '../../src/workers/search-attributes';
import { assertBuilt } from '../harness/processes';

const run = promisify(execFile);
const ORCASTRATE_NAMES = SEARCH_ATTRIBUTES.map((key) => key.name).sort();

/**
 * `npm run stack` keeps its Temporal state in .data/temporal/dev.sqlite. A dev server restarted on a
 * file created before a search attribute existed ignores `--search-attribute` for it, and every
 * workflow that sets the attribute would fail its workflow task. Here the file predates all of them.
 */
describe('a Temporal database that predates orcastrate’s search attributes', () => {
  const cli = findTemporalCli()!;
  const servers: RunningDevServer[] = [];

  beforeAll(() => assertBuilt());
  afterAll(async () => {
    for (const server of servers) await stop(server);
  });

  async function stop(server: RunningDevServer): Promise<void> {
    if (server.process.exitCode !== null || server.process.signalCode !== null) return;
    const exited = new Promise((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    await exited;
  }

  /** A SQLite file written by a dev server started without any orcastrate attribute, then stopped. */
  async function oldDatabase(): Promise<{ dbFile: string; port: number; logFile: string }> {
    const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-old-sqlite-'));
    const port = await freePort();
    const dbFile = path.join(dir, 'dev.sqlite');
    const logFile = path.join(dir, 'temporal.log');
    const log = openSync(logFile, 'a');
    const old = spawn(
      cli,
      [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--headless',
        '--db-filename',
        dbFile,
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    servers.push({ pid: old.pid!, address: `127.0.0.1:${port}`, serverVersion: '', process: old });
    const deadline = Date.now() + 60_000;
    while (!(await healthy(port))) {
      if (Date.now() > deadline) throw new Error(`the old dev server did not start; see ${logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await stop(servers.at(-1)!);
    return { dbFile, port, logFile };
  }

  const healthy = (port: number) =>
    run(cli, ['operator', 'cluster', 'health', '--address', `127.0.0.1:${port}`]).then(
      () => true,
      () => false,
    );

  /** Restarted the way `scripts/stack.sh` and src/dev-server.ts start it: with every --search-attribute flag. */
  async function restart(old: { dbFile: string; port: number; logFile: string }): Promise<RunningDevServer> {
    const server = await startDevServer({ cli, port: old.port, dbFile: old.dbFile, logFile: old.logFile });
    servers.push(server);
    return server;
  }

  async function registeredNames(address: string): Promise<string[]> {
    const connection = await Connection.connect({ address });
    try {
      const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      return Object.keys(listed.customAttributes ?? {})
        .filter((name) => name.startsWith('Orcastrate'))
        .sort();
    } finally {
      await connection.close();
    }
  }

  /** A visibility query naming the job-status attribute: refused while the attribute is unknown. */
  const listByJobStatus = (address: string) =>
    run(cli, ['workflow', 'list', '--query', 'OrcastrateJobStatus="failed"', '--address', address]);

  it('the restart ignores the flags; `scripts/stack.sh search-attributes` registers them all, once', async () => {
    const server = await restart(await oldDatabase());
    expect(await registeredNames(server.address)).toEqual([]);
    await expect(listByJobStatus(server.address)).rejects.toThrow(/OrcastrateJobStatus/);

    const port = server.address.split(':')[1]!;
    const stack = (args: string[]) =>
      run('bash', [path.join(REPO_ROOT, 'scripts/stack.sh'), ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ORCASTRATE_STACK_TEMPORAL_PORT: port },
        timeout: 60_000,
      });
    const first = await stack(['search-attributes']);
    expect(first.stdout).toContain(
      'registered search attribute OrcastrateJobStatus (Keyword) in namespace default',
    );
    expect(first.stdout.match(/registered search attribute/g)).toHaveLength(ORCASTRATE_NAMES.length);
    expect(await registeredNames(server.address)).toEqual(ORCASTRATE_NAMES);
    await expect(listByJobStatus(server.address)).resolves.toBeDefined();

    const again = await stack(['search-attributes']);
    expect(again.stdout).toBe('');
    expect(await registeredNames(server.address)).toEqual(ORCASTRATE_NAMES);
  });

  it('a worker starting against it registers the missing ones itself (ensureSearchAttributes)', async () => {
    const server = await restart(await oldDatabase());
    expect(await registeredNames(server.address)).toEqual([]);
    const connection = await Connection.connect({ address: server.address });
    try {
      expect((await ensureSearchAttributes(connection, 'default')).sort()).toEqual(ORCASTRATE_NAMES);
      expect(await ensureSearchAttributes(connection, 'default')).toEqual([]);
    } finally {
      await connection.close();
    }
    expect(await registeredNames(server.address)).toEqual(ORCASTRATE_NAMES);
    await expect(listByJobStatus(server.address)).resolves.toBeDefined();
  });
});
