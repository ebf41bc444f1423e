/**
 * The production topology for tests: Temporal servers (`temporal-server`, persistence and visibility on
 * Postgres) started from deploy/temporal exactly as `npm run stack -- --production` starts them, with the
 * same config template and schema script. A PrivateProductionServer has its own ports and databases, so a
 * test may SIGKILL it without touching the run's shared server.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Connection, type TLSConfig } from '@temporalio/client';
import { dropDatabase } from '../../src/db/migrate';
import { createServer } from 'node:net';
import { processIsAlive } from '../../src/schedulers/process-alive';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { prepareNamespace } from './production-stack';

const run = promisify(execFile);
const TOOLS_BIN = path.join(REPO_ROOT, '.tools/bin');
export const SERVER_ROOT = path.join(REPO_ROOT, 'deploy/temporal');
const DYNAMIC_CONFIG = path.join(SERVER_ROOT, 'config/dynamicconfig/orcastrate.yaml');
/** The command line after the binary: the stack's marker (scripts/stack-production.sh) is its start. */
export const SERVER_ARGS = [
  '--root',
  SERVER_ROOT,
  '--config',
  'config',
  '--env',
  'orcastrate',
  '--allow-no-auth',
  'start',
];

export function productionBinary(
  name: 'temporal-server' | 'temporal-sql-tool' | 'temporal-ui-server',
): string {
  const binary = path.join(TOOLS_BIN, name);
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: run \`npm run setup\` (it builds the production Temporal server)`);
  }
  return binary;
}

/** Server-side TLS on the frontend; with clientCa, clients must present a certificate signed by it. */
export interface ServerTls {
  cert: string;
  key: string;
  ca: string;
  clientCa?: string;
  systemWorkerCert?: string;
  systemWorkerKey?: string;
  serverName?: string;
}

const PORT_VARIABLES = [
  'TEMPORAL_FRONTEND_PORT',
  'TEMPORAL_HTTP_PORT',
  'TEMPORAL_HISTORY_PORT',
  'TEMPORAL_MATCHING_PORT',
  'TEMPORAL_WORKER_PORT',
  'TEMPORAL_FRONTEND_MEMBERSHIP_PORT',
  'TEMPORAL_HISTORY_MEMBERSHIP_PORT',
  'TEMPORAL_MATCHING_MEMBERSHIP_PORT',
  'TEMPORAL_WORKER_MEMBERSHIP_PORT',
  'TEMPORAL_METRICS_PORT',
] as const;

/** Postgres of the harness (the admin URL's host, port and user). */
function postgresEnvironment(adminUrl: string): Record<string, string> {
  const url = new URL(adminUrl);
  return {
    TEMPORAL_PG_HOST: url.hostname,
    TEMPORAL_PG_PORT: url.port || '5432',
    TEMPORAL_PG_USER: decodeURIComponent(url.username || 'postgres'),
    TEMPORAL_PG_PASSWORD: decodeURIComponent(url.password),
  };
}

function tlsEnvironment(tls: ServerTls | undefined): Record<string, string> {
  if (!tls) return {};
  return {
    TEMPORAL_TLS_SERVER_CERT: tls.cert,
    TEMPORAL_TLS_SERVER_KEY: tls.key,
    TEMPORAL_TLS_SERVER_CA: tls.ca,
    TEMPORAL_TLS_SERVER_NAME: tls.serverName ?? 'localhost',
    ...(tls.clientCa
      ? {
          TEMPORAL_TLS_CLIENT_CA: tls.clientCa,
          TEMPORAL_TLS_SYSTEM_WORKER_CERT: tls.systemWorkerCert ?? '',
          TEMPORAL_TLS_SYSTEM_WORKER_KEY: tls.systemWorkerKey ?? '',
        }
      : {}),
  };
}

export interface PrivateProductionServerOptions {
  adminDatabaseUrl: string;
  tls?: ServerTls;
  /** How the harness connects to it (TLS, client certificate). */
  clientTls?: TLSConfig;
}

/** A Temporal server of one test's own: its own ports and databases; state survives stop/start. */
export class PrivateProductionServer {
  readonly namespace = 'default';
  restarts = 0;
  private child?: ChildProcess;

  private constructor(
    private readonly environment: Record<string, string>,
    readonly databases: { main: string; visibility: string },
    readonly logFile: string,
    private readonly options: PrivateProductionServerOptions,
  ) {}

  static async create(
    label: string,
    options: PrivateProductionServerOptions,
  ): Promise<PrivateProductionServer> {
    const dir = mkdtempSync(path.join(tmpdir(), `orcastrate-tserver-${label}-`));
    const suffix = `${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
    const databases = { main: `orcastrate_tsrv_${suffix}`, visibility: `orcastrate_tsrv_${suffix}_vis` };
    const ports: Record<string, string> = {};
    for (const variable of PORT_VARIABLES) ports[variable] = String(await freeLowPort());
    const environment = {
      ...postgresEnvironment(options.adminDatabaseUrl),
      ...ports,
      ...tlsEnvironment(options.tls),
      // a test's server is small: several run beside the shared one on a Postgres with max_connections 100
      TEMPORAL_PG_MAX_CONNS: '4',
      TEMPORAL_DB: databases.main,
      TEMPORAL_VISIBILITY_DB: databases.visibility,
      TEMPORAL_DYNAMIC_CONFIG_FILE: DYNAMIC_CONFIG,
      TEMPORAL_SQL_TOOL: productionBinary('temporal-sql-tool'),
    };
    const server = new PrivateProductionServer(
      environment,
      databases,
      path.join(dir, 'temporal-server.log'),
      options,
    );
    await run('bash', [path.join(SERVER_ROOT, 'setup-schema.sh')], {
      env: { ...process.env, ...environment },
      maxBuffer: 16 * 1024 * 1024,
    });
    try {
      await server.start();
      await prepareNamespace(server.address, server.namespace, options.clientTls);
    } catch (error) {
      await server.stop().catch(() => undefined); // a server that never became usable: no process, no databases
      throw error;
    }
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.environment.TEMPORAL_FRONTEND_PORT}`;
  }

  get httpAddress(): string {
    return `127.0.0.1:${this.environment.TEMPORAL_HTTP_PORT}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(readyTimeoutMs = 60_000): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const child = spawn(productionBinary('temporal-server'), SERVER_ARGS, {
      stdio: ['ignore', log, log],
      env: { ...process.env, ...this.environment },
    });
    closeSync(log);
    this.child = child;
    await waitUntilServing(this.address, child, this.logFile, readyTimeoutMs, this.options.clientTls);
  }

  /** SIGKILL: the real server process dies with no shutdown; resolves once it is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (child.pid !== undefined && processIsAlive(child.pid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Killed with SIGKILL, down for downMs, started again on the same ports and databases. */
  async restart(downMs = 0): Promise<void> {
    await this.kill9();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
    this.restarts += 1;
  }

  /** Stops the server and drops its two databases. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const exited = await Promise.race([
        new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
      ]);
      if (!exited) await this.kill9();
    }
    for (const name of [this.databases.main, this.databases.visibility]) {
      const url = new URL(this.options.adminDatabaseUrl);
      url.pathname = `/${name}`;
      await dropDatabase(url.toString());
    }
  }
}

/**
 * A free port below 32768: the server stores membership ports in a Postgres smallint, so the kernel's
 * ephemeral ports (32768 and up) make it exit with "value out of range for type smallint".
 */
const handedOut = new Set<number>();
async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 22_000);
    if (handedOut.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
}

async function waitUntilServing(
  address: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
  tls?: TLSConfig,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `temporal-server exited (${child.signalCode ?? child.exitCode}) before serving; see ${logFile}`,
      );
    }
    try {
      const connection = await Connection.connect({ address, tls, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`temporal-server not serving on ${address} after ${timeoutMs} ms: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
