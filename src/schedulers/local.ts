import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import { submitIdempotently } from './idempotent-submit';
import { assertValidJobName } from './job-name';
import { schedulerLogFileName, scriptFileName, validateJobSpec } from './job-spec';
import { LOCAL_FILES, readLocalJobState } from './local-job-state';
import { renderLocalScript } from './local-script';
import { LOCAL_WRAPPER_SCRIPT } from './local-wrapper';
import { ensureJobDir, resolveJobDir } from './path-safety';
import type { JobRef, JobSpec, SchedulerAdapter, SchedulerStatus, SubmitResult } from './types';

export interface LocalOptions {
  /** The runner's own index (job id -> job state dir, name -> job id, active jobs). */
  stateDir: string;
  /** Jobs running at once; later ones stay `pending` until a slot frees. Default: CPU count. */
  maxConcurrent?: number;
  /** Seconds between SIGTERM and SIGKILL on cancel and walltime. */
  killGraceSeconds?: number;
  bash?: string;
  /** Called right after the job is queued and before the marker is written; for crash tests only. */
  afterSchedulerAccepted?: (schedulerId: string) => void;
}

interface IndexEntry {
  name: string;
  /** `<job dir>/.orcastrate-local/<id>`: pid, start/end times and exit code live there. */
  stateDir: string;
  scriptPath: string;
  logPath: string;
  walltimeSeconds: number;
}

/**
 * The embedded scheduler for laptops and demos. Jobs run as detached process groups under a small
 * bash wrapper that records their fate in the job directory, so a new runner (after a worker restart)
 * recovers every job's status, including jobs that ended while no runner was alive. One runner per
 * stateDir at a time: the concurrency cap is enforced inside this process.
 */
export class LocalRunner implements SchedulerAdapter {
  readonly kind = 'local' as const;
  private readonly maxConcurrent: number;
  private readonly graceSeconds: number;
  private readonly bash: string;
  private pumping: Promise<void> = Promise.resolve();

  constructor(private readonly options: LocalOptions) {
    this.maxConcurrent = options.maxConcurrent ?? Math.max(1, cpus().length);
    this.graceSeconds = options.killGraceSeconds ?? 5;
    this.bash = options.bash ?? '/bin/bash';
    for (const dir of ['jobs', 'names', 'active'])
      mkdirSync(path.join(options.stateDir, dir), { recursive: true });
  }

  renderScript(spec: JobSpec): string {
    return renderLocalScript(spec, resolveJobDir(spec.campaignRoot, spec.workingDir));
  }

  async submit(spec: JobSpec): Promise<SubmitResult> {
    validateJobSpec(spec);
    const jobDir = ensureJobDir(spec.campaignRoot, spec.workingDir);
    const result = await submitIdempotently({
      kind: this.kind,
      spec,
      jobDir,
      findByName: (name) => this.findByName(name),
      afterSchedulerAccepted: this.options.afterSchedulerAccepted,
      submitNew: () => Promise.resolve(this.enqueue(spec, jobDir)),
    });
    await this.pump();
    return result;
  }

  findByName(name: string): Promise<JobRef[]> {
    assertValidJobName(name);
    const id = readFileIfExists(this.indexPath('names', name))?.trim();
    return Promise.resolve(id ? [{ schedulerId: id, name }] : []);
  }

  async statusMany(refs: readonly JobRef[]): Promise<Map<string, SchedulerStatus>> {
    await this.pump();
    const statuses = new Map<string, SchedulerStatus>();
    for (const ref of refs) {
      const entry = this.entry(ref.schedulerId);
      if (!entry || entry.name !== ref.name) {
        statuses.set(ref.schedulerId, {
          state: 'unknown',
          reason: 'the local runner has no such job',
          raw: '',
        });
      } else {
        statuses.set(ref.schedulerId, readLocalJobState(entry.stateDir).status);
      }
    }
    return statuses;
  }

  async cancel(ref: JobRef): Promise<void> {
    const entry = this.entry(ref.schedulerId);
    if (!entry || entry.name !== ref.name) return;
    const { phase } = readLocalJobState(entry.stateDir);
    if (phase === 'ended') return;
    writeFileAtomic(path.join(entry.stateDir, LOCAL_FILES.cancelRequested), `${Date.now()}\n`);
    const pgid = Number.parseInt(readFileIfExists(path.join(entry.stateDir, LOCAL_FILES.jobPgid)) ?? '', 10);
    if (!Number.isNaN(pgid) && signalGroup(pgid, 'SIGTERM')) {
      setTimeout(() => signalGroup(pgid, 'SIGKILL'), this.graceSeconds * 1000).unref();
    }
    await this.pump();
  }

  /** Starts queued jobs while slots are free (serialised: concurrent calls never overshoot the cap). */
  pump(): Promise<void> {
    const run = this.pumping.then(() => this.pumpOnce());
    this.pumping = run.catch(() => undefined);
    return run;
  }

  private pumpOnce(): void {
    const queued: string[] = [];
    let active = 0;
    for (const id of readdirSync(path.join(this.options.stateDir, 'active')).sort()) {
      const entry = this.entry(id);
      const phase = entry ? readLocalJobState(entry.stateDir).phase : 'ended';
      if (phase === 'ended') rmSync(this.indexPath('active', id), { force: true });
      else if (phase === 'active') active += 1;
      else queued.push(id);
    }
    for (const id of queued) {
      if (active >= this.maxConcurrent) break;
      const entry = this.entry(id);
      if (entry) {
        this.launch(entry);
        active += 1;
      }
    }
  }

  private enqueue(spec: JobSpec, jobDir: string): string {
    const id = `local-${String(Date.now()).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
    const stateDir = path.join(jobDir, '.orcastrate-local', id);
    mkdirSync(stateDir, { recursive: true });
    const entry: IndexEntry = {
      name: spec.name,
      stateDir,
      scriptPath: path.join(jobDir, scriptFileName(spec.name)),
      logPath: path.join(jobDir, schedulerLogFileName(spec.name)),
      walltimeSeconds: spec.walltimeSeconds,
    };
    writeFileAtomic(entry.scriptPath, renderLocalScript(spec, jobDir), 0o755);
    writeFileAtomic(path.join(stateDir, LOCAL_FILES.job), `${JSON.stringify({ id, ...entry })}\n`);
    writeFileAtomic(this.indexPath('jobs', id), `${JSON.stringify(entry)}\n`);
    writeFileAtomic(this.indexPath('names', spec.name), `${id}\n`);
    writeFileAtomic(this.indexPath('active', id), '');
    return id;
  }

  private launch(entry: IndexEntry): void {
    writeFileAtomic(path.join(entry.stateDir, LOCAL_FILES.launched), `${Date.now()}\n`);
    const args = [
      '-c',
      LOCAL_WRAPPER_SCRIPT,
      'orcastrate-local-job',
      entry.stateDir,
      entry.scriptPath,
      entry.logPath,
      String(entry.walltimeSeconds),
      String(this.graceSeconds),
    ];
    const child = spawn(this.bash, args, {
      detached: true,
      stdio: 'ignore',
      cwd: path.dirname(entry.scriptPath),
    });
    child.on('error', () => undefined);
    child.on('exit', () => void this.pump().catch(() => undefined));
    if (child.pid !== undefined)
      writeFileAtomic(path.join(entry.stateDir, LOCAL_FILES.pid), `${child.pid}\n`);
    child.unref();
  }

  private entry(id: string): IndexEntry | undefined {
    if (!/^local-\d{14}-[0-9a-f]{8}$/.test(id)) return undefined;
    const text = readFileIfExists(this.indexPath('jobs', id));
    return text === undefined ? undefined : (JSON.parse(text) as IndexEntry);
  }

  private indexPath(kind: 'jobs' | 'names' | 'active', key: string): string {
    return path.join(this.options.stateDir, kind, key);
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
