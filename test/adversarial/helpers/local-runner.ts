import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalRunner, type JobRef, type JobSpec, type SchedulerStatus } from '../../../src/schedulers';
import { processIsAlive } from '../../../src/schedulers/process-alive';
import { testJobSpec, waitForStatus } from '../../unit/schedulers/helpers/test-jobs';

export const hasEnded = (status: SchedulerStatus): boolean =>
  ['completed', 'failed', 'cancelled', 'timeout'].includes(status.state);

/** A fresh campaign root with its own runner state, cleaned up (jobs cancelled) after each test. */
export function useLocalRunnerSandbox() {
  const sandbox = {
    root: '',
    stateDir: '',
    runners: [] as LocalRunner[],
    refs: [] as JobRef[],
    immutable: [] as string[],
  };
  beforeEach(() => {
    sandbox.root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-isolation-')));
    sandbox.stateDir = path.join(sandbox.root, '.runner');
  });
  afterEach(async () => {
    for (const dir of sandbox.immutable.splice(0)) makeWritable(dir);
    for (const runner of sandbox.runners.splice(0))
      for (const ref of sandbox.refs) await runner.cancel(ref).catch(() => undefined);
    sandbox.refs.splice(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    rmSync(sandbox.root, { recursive: true, force: true });
  });

  const runner = (maxConcurrent = 4): LocalRunner => {
    const created = new LocalRunner({ stateDir: sandbox.stateDir, maxConcurrent, killGraceSeconds: 1 });
    sandbox.runners.push(created);
    return created;
  };

  /** Job `job` runs `script` in `jobs/<job>/attempt-1`; the script's pid goes to `<root>/<job>.pid`. */
  const spec = (job: string, script: string, extra: Partial<JobSpec> = {}): JobSpec =>
    testJobSpec(sandbox.root, 'isolation', job, {
      workingDir: `jobs/${job}/attempt-1`,
      command: ['/bin/sh', '-c', `echo $$ > '${path.join(sandbox.root, `${job}.pid`)}'; ${script}`, job],
      ...extra,
    });

  const submit = async (local: LocalRunner, jobSpec: JobSpec): Promise<JobRef> => {
    const ref = { schedulerId: (await local.submit(jobSpec)).schedulerId, name: jobSpec.name };
    sandbox.refs.push(ref);
    return ref;
  };

  const jobDir = (job: string) => path.join(sandbox.root, 'jobs', job, 'attempt-1');
  const stateDirOf = (job: string, ref: JobRef) =>
    path.join(jobDir(job), '.orcastrate-local', ref.schedulerId);
  const activeIds = () => readdirSync(path.join(sandbox.stateDir, 'active'));

  /** The job program's pid, once it has started. */
  const programPid = async (job: string): Promise<number> => {
    const file = path.join(sandbox.root, `${job}.pid`);
    const deadline = Date.now() + 15_000;
    while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`${job} never started`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Number(readFileSync(file, 'utf8'));
  };

  const release = (job: string) => writeFileSync(path.join(sandbox.root, `${job}.release`), '');
  /** A script that waits (up to 60 s) until the test calls release(job). */
  const untilReleased = (job: string) =>
    `i=0; while [ ! -e '${path.join(sandbox.root, `${job}.release`)}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done`;

  /** Makes a directory refuse new files, for root too; fails the test if it does not. */
  const makeUnwritable = (dir: string): void => {
    if (process.getuid?.() === 0) execFileSync('chattr', ['+i', dir]);
    else chmodSync(dir, 0o555);
    sandbox.immutable.push(dir);
    const probe = path.join(dir, 'probe');
    try {
      writeFileSync(probe, '');
    } catch {
      return;
    }
    rmSync(probe, { force: true });
    throw new Error(`cannot make ${dir} unwritable on this machine`);
  };

  return {
    sandbox,
    runner,
    spec,
    submit,
    waitFor: waitForStatus,
    jobDir,
    stateDirOf,
    activeIds,
    programPid,
    release,
    untilReleased,
    makeUnwritable,
  };
}

function makeWritable(dir: string): void {
  if (process.getuid?.() === 0) execFileSync('chattr', ['-i', dir]);
  else chmodSync(dir, 0o755);
}

export async function expectProcessToStop(pid: number, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (processIsAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} of a lost job is still running`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
