/**
 * Separate OS processes for crash and chaos tests: an orcastrate worker (`node dist/workers/main.js`)
 * that can be SIGKILLed and restarted, and a PRIVATE Temporal dev server (its own port and SQLite
 * file) that can be stopped and started again on the same port and state. The shared harness server
 * is never touched: other test files use it at the same time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort, startDevServer, type DevServerOptions } from '../../src/dev-server';
import { processIsAlive } from '../../src/schedulers/process-alive';
import { findTemporalCli, REPO_ROOT } from '../../src/temporal/cli-binary';

export const WORKER_MAIN = path.join(REPO_ROOT, 'dist/workers/main.js');
export const WORKFLOW_BUNDLE = path.join(REPO_ROOT, 'dist/workflow-bundle.js');

/** Fails (never skips) when the built worker is missing: job scripts and worker processes need dist/. */
export function assertBuilt(): void {
  for (const file of [WORKER_MAIN, WORKFLOW_BUNDLE, path.join(REPO_ROOT, 'dist/client/cli.js')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it)`);
  }
}

export interface WorkerProcessOptions {
  temporalAddress: string;
  databaseUrl: string;
  taskQueue: string;
  dataRoot: string;
  /** Extra environment (e.g. ORCASIM_CYCLE_DELAY_MS, inherited by job scripts). */
  env?: Record<string, string>;
  /** Where stdout/stderr of every incarnation go (appended). */
  logFile?: string;
  /** Default: the run's namespace (TEMPORAL_NAMESPACE set by the global setup). */
  namespace?: string;
  /** Default: WORKER_MAIN (the bench compiles this file elsewhere and passes the checkout's). */
  workerMain?: string;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** One worker OS process at a time; `kill9` and `restart` act on the current incarnation only. */
export class WorkerProcess {
  readonly logFile: string;
  private child?: ChildProcess;
  incarnations = 0;

  constructor(private readonly options: WorkerProcessOptions) {
    this.logFile =
      options.logFile ?? path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-worker-')), 'worker.log');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once it printed that it polls its task queue. */
  async start(readyTimeoutMs = 60_000): Promise<void> {
    const main = this.options.workerMain ?? WORKER_MAIN;
    if (this.options.workerMain === undefined) assertBuilt();
    else if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\``);
    if (this.running) throw new Error(`worker already running (pid ${this.pid})`);
    const log = openSync(this.logFile, 'a');
    const logStart = existsSync(this.logFile) ? readFileSync(this.logFile).length : 0;
    const child = spawn(process.execPath, [main], {
      cwd: REPO_ROOT,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        ...this.options.env,
        TEMPORAL_ADDRESS: this.options.temporalAddress,
        TEMPORAL_NAMESPACE: this.options.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
        DATABASE_URL: this.options.databaseUrl,
        ORCASTRATE_TASK_QUEUE: this.options.taskQueue,
        ORCASTRATE_DATA_ROOT: this.options.dataRoot,
      },
    });
    closeSync(log);
    this.child = child;
    this.incarnations += 1;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      const text = logSince(this.logFile, logStart);
      if (text.includes('orcastrate worker: task queue')) return;
      if (!this.running) {
        throw new Error(`worker exited before it was ready (see ${this.logFile}):\n${text.slice(-2000)}`);
      }
      if (Date.now() > deadline) {
        await this.kill9();
        throw new Error(`worker not ready after ${readyTimeoutMs} ms (see ${this.logFile})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** SIGKILL: no draining, no goodbye. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGKILL');
    await waitForExit(child, 10_000);
  }

  async restart(): Promise<void> {
    await this.kill9();
    await this.start();
  }

  /** Graceful stop (SIGTERM, SIGKILL after 20 s). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 20_000))) await this.kill9();
  }
}

/** A Temporal dev server of one test's own: stop/start keep its port and SQLite state. */
export class PrivateDevServer {
  readonly namespace = 'default';
  private child?: ChildProcess;
  restarts = 0;

  private constructor(
    readonly cli: string,
    readonly port: number,
    readonly dbFile: string,
    readonly logFile: string,
    readonly dynamicConfig: DevServerOptions['dynamicConfig'],
  ) {}

  static async create(
    label: string,
    dynamicConfig?: DevServerOptions['dynamicConfig'],
  ): Promise<PrivateDevServer> {
    const cli = findTemporalCli();
    if (!cli) throw new Error('Temporal CLI not found: run `npm run setup` first');
    const dir = mkdtempSync(path.join(tmpdir(), `orcastrate-devserver-${label}-`));
    const server = new PrivateDevServer(
      cli,
      await freePort(),
      path.join(dir, 'temporal.sqlite'),
      path.join(dir, 'temporal.log'),
      dynamicConfig,
    );
    await server.start();
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const server = await startDevServer({
      cli: this.cli,
      port: this.port,
      dbFile: this.dbFile,
      logFile: this.logFile,
      dynamicConfig: this.dynamicConfig,
    });
    this.child = server.process;
  }

  /** SIGTERM (SIGKILL after 15 s); resolves once the process is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 15_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    // the port must be free again before a restart binds it
    const deadline = Date.now() + 10_000;
    while (child.pid !== undefined && processIsAlive(child.pid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
    this.restarts += 1;
  }
}

/** Waits until `check` returns a value (not undefined), polling every `everyMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * What a log file got after its first `byteOffset` bytes. The offset counts bytes, not characters: a
 * log holding multi-byte text (e.g. "·" in job failure messages) must not be cut by character count,
 * or the start of the new text is skipped.
 */
export function logSince(file: string, byteOffset: number): string {
  return readFileSync(file).subarray(byteOffset).toString('utf8');
}
