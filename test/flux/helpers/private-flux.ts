import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { fluxCli, type LocalFlux } from './local-flux';

/**
 * A single-broker Flux instance of one test's own (its own socket directory under /tmp), for faults that
 * must not reach the clone's shared instance other test files use at the same time: the broker frozen
 * (SIGSTOP: it stops answering, its jobs keep running) or shut down for good.
 */
export class PrivateFluxInstance implements LocalFlux {
  readonly uri: string;
  readonly binDir: string;
  readonly logFile: string;
  private child?: ChildProcess;
  private brokerPid?: number;

  private constructor(
    readonly executable: string,
    private readonly runDir: string,
  ) {
    this.uri = `local://${runDir}/local-0`; // test mode names the rank-0 socket local-0
    this.binDir = path.dirname(executable);
    this.logFile = path.join(runDir, 'broker.log');
  }

  /** Starts an instance with `cores` cores (more than the machine has, as the shared one does). */
  static async start(executable: string, label: string, cores = 8): Promise<PrivateFluxInstance> {
    // Short: the socket path must stay under the ~108-byte UNIX socket limit.
    const instance = new PrivateFluxInstance(executable, mkdtempSync(`/tmp/oflux-${label.slice(0, 8)}-`));
    await instance.launch(cores);
    return instance;
  }

  private async launch(cores: number): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const env = { ...process.env };
    delete env.FLUX_URI; // or the new broker believes it runs inside that instance
    this.child = spawn(
      this.executable,
      [
        'start',
        '--test-size=1',
        `--test-rundir=${this.runDir}`,
        '-Sbroker.rc2_none=1',
        '--conf=resource.noverify=true',
        `--conf=resource.config=[{"hosts":"${hostname()}","cores":"0-${cores - 1}"}]`,
      ],
      { cwd: '/', env, stdio: ['ignore', log, log], detached: true },
    );
    closeSync(log);
    // The broker answers before it takes jobs: wait for its `run` state.
    const deadline = Date.now() + 60_000;
    let last = '';
    for (;;) {
      try {
        const { stdout } = await fluxCli(this, ['uptime']);
        last = stdout.trim();
        if (/ run /.test(stdout)) break;
      } catch (error) {
        last = (error as Error).message;
      }
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `private Flux instance did not start (${last}):\n${readFileSync(this.logFile, 'utf8')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    this.brokerPid = Number((await fluxCli(this, ['getattr', 'broker.pid'])).stdout.trim());
  }

  /** SIGSTOP the broker: clients connect but get no answer; its jobs keep running. */
  freeze(): void {
    if (this.brokerPid) process.kill(this.brokerPid, 'SIGSTOP');
  }

  thaw(): void {
    if (this.brokerPid) process.kill(this.brokerPid, 'SIGCONT');
  }

  /** SIGKILL the broker: its jobs die with it and its socket file stays behind (`Connection refused`). */
  async killBroker(): Promise<void> {
    const child = this.child;
    if (!this.brokerPid || !child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(this.brokerPid, 'SIGKILL');
    await exited;
  }

  /** `flux shutdown`, then waits for `flux start` to exit; the URI stays the same and no longer answers. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.thaw();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await fluxCli(this, ['shutdown', '--quiet']).catch(() => child.kill('SIGTERM'));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops it if needed and removes its directory. */
  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.runDir, { recursive: true, force: true });
  }
}
