import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeFlags } from './campaign/search-attributes';
import { devServerDynamicConfigFlags } from './temporal/server-dynamic-config';

export interface DevServerOptions {
  cli: string;
  port: number;
  /** SQLite file: the server's state survives a restart on the same file. */
  dbFile: string;
  logFile: string;
  uiPort?: number;
  /** Temporal's HTTP API (the JSON gateway); off when not given. */
  httpPort?: number;
  namespace?: string;
  /** Server dynamic configuration besides SERVER_DYNAMIC_CONFIG's, e.g. lowered limits for tests. */
  dynamicConfig?: Record<string, string | number | boolean>;
}

export interface RunningDevServer {
  pid: number;
  address: string;
  serverVersion: string;
  process: ChildProcess;
}

export function devServerArgs(options: DevServerOptions): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--db-filename',
    options.dbFile,
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'warn',
    ...devServerSearchAttributeFlags(),
    ...devServerDynamicConfigFlags(options.dynamicConfig),
  ];
  if (options.httpPort) args.push('--http-port', String(options.httpPort));
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  return args;
}

/** Starts `temporal server start-dev` and resolves once it answers gRPC calls. */
export async function startDevServer(
  options: DevServerOptions,
  readyTimeoutMs = 60_000,
): Promise<RunningDevServer> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(options.cli, devServerArgs(options), { stdio: ['ignore', log, log] });
  closeSync(log);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  const address = `127.0.0.1:${options.port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`Temporal dev server ${exited} before it was ready; see ${options.logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        const info = await connection.workflowService.getSystemInfo({});
        return { pid: child.pid!, address, serverVersion: info.serverVersion ?? 'unknown', process: child };
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `Temporal dev server not ready on ${address} after ${readyTimeoutMs} ms: ${String(error)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
