import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  LocalRunner,
  markerPath,
  type JobRef,
  type JobSpec,
  type SchedulerStatus,
} from '../../../src/schedulers';
import { processIsAlive } from '../../../src/schedulers/process-alive';
import { runTsChild } from './helpers/run-ts-child';
import { testJobSpec, waitForStatus } from './helpers/test-jobs';

const CHILD = path.join(__dirname, 'helpers', 'local-submit-child.ts');

describe('LocalRunner', () => {
  let root: string;
  let stateDir: string;
  const runners: LocalRunner[] = [];
  const refs: JobRef[] = [];

  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-local-')));
    stateDir = path.join(root, '.runner');
  });
  afterEach(async () => {
    // Leave no job behind: cancel whatever is still alive, then remove the files.
    for (const runner of runners.splice(0))
      for (const ref of refs) await runner.cancel(ref).catch(() => undefined);
    refs.splice(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    rmSync(root, { recursive: true, force: true });
  });

  function runner(maxConcurrent = 4, killGraceSeconds = 1): LocalRunner {
    const created = new LocalRunner({ stateDir, maxConcurrent, killGraceSeconds });
    runners.push(created);
    return created;
  }

  function spec(job: string, script: string, extra: Partial<JobSpec> = {}): JobSpec {
    return testJobSpec(root, 'test', job, { command: ['/bin/sh', '-c', script], ...extra });
  }

  async function submit(local: LocalRunner, jobSpec: JobSpec): Promise<JobRef> {
    const { schedulerId } = await local.submit(jobSpec);
    const ref = { schedulerId, name: jobSpec.name };
    refs.push(ref);
    return ref;
  }

  const ended = (status: SchedulerStatus) =>
    ['completed', 'failed', 'cancelled', 'timeout'].includes(status.state);

  it('runs jobs and records pid, start, end and exit code in the job directory', async () => {
    const local = runner();
    const ok = await submit(local, spec('ok', 'echo hello'));
    const bad = await submit(local, spec('bad', 'exit 7'));
    expect((await waitForStatus(local, ok, ended)).state).toBe('completed');
    const failed = await waitForStatus(local, bad, ended);
    expect(failed).toMatchObject({ state: 'failed', exitCode: 7 });
    expect(readFileSync(path.join(root, 'jobs', 'ok', 'job.out'), 'utf8')).toBe('hello\n');
    const files = path.join(root, 'jobs', 'bad', '.orcastrate-local', bad.schedulerId);
    expect(Number(readFileSync(path.join(files, 'pid'), 'utf8'))).toBeGreaterThan(1);
    expect(Number(readFileSync(path.join(files, 'started'), 'utf8'))).toBeGreaterThan(1_600_000_000);
    expect(JSON.parse(readFileSync(path.join(files, 'exit'), 'utf8'))).toMatchObject({
      exitCode: 7,
      timedOut: false,
    });
    expect(existsSync(markerPath(path.join(root, 'jobs', 'ok'), ok.name))).toBe(true);
  });

  it('keeps jobs beyond the concurrency cap pending until a slot frees', async () => {
    const local = runner(1);
    const first = await submit(local, spec('first', 'sleep 1'));
    const second = await submit(local, spec('second', 'true'));
    const statuses = await local.statusMany([first, second]);
    expect(statuses.get(first.schedulerId)?.state).toBe('running');
    expect(statuses.get(second.schedulerId)?.state).toBe('pending');
    expect(existsSync(path.join(root, 'jobs', 'second', 'job.out'))).toBe(false);
    expect((await waitForStatus(local, second, ended)).state).toBe('completed');
    expect((await local.statusMany([first])).get(first.schedulerId)?.state).toBe('completed');
  });

  it('kills the whole process group at the walltime and reports timeout', async () => {
    const local = runner(4, 1);
    const pidFile = path.join(root, 'grandchild.pid');
    const ref = await submit(
      local,
      spec('slow', `sleep 30 & echo $! > '${pidFile}'; wait`, { walltimeSeconds: 1 }),
    );
    const started = Date.now();
    const status = await waitForStatus(local, ref, ended);
    expect(status.state).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(8_000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(processIsAlive(grandchild)).toBe(false);
  });

  it('limits each localConcurrency group on its own; jobs without one share maxConcurrent', async () => {
    const waitForRelease = (job: string) =>
      `while [ ! -e '${path.join(root, `${job}.release`)}' ]; do sleep 0.1; done`;
    const release = (job: string) => writeFileSync(path.join(root, `${job}.release`), '');
    const local = runner(1);
    const jobs = new Map<string, JobRef>();
    const groups: [string, JobSpec['localConcurrency']][] = [
      ['a1', { group: 'campaign-a', limit: 2 }],
      ['a2', { group: 'campaign-a', limit: 2 }],
      ['a3', { group: 'campaign-a', limit: 2 }],
      ['b1', { group: 'campaign-b', limit: 1 }],
      ['b2', { group: 'campaign-b', limit: 1 }],
      ['u1', undefined],
      ['u2', undefined],
    ];
    for (const [job, localConcurrency] of groups) {
      jobs.set(job, await submit(local, spec(job, waitForRelease(job), { localConcurrency })));
    }
    const states = async (runnerToAsk: LocalRunner) => {
      const statuses = await runnerToAsk.statusMany([...jobs.values()]);
      return Object.fromEntries([...jobs].map(([job, ref]) => [job, statuses.get(ref.schedulerId)?.state]));
    };
    expect(await states(local)).toEqual({
      a1: 'running',
      a2: 'running',
      a3: 'pending',
      b1: 'running',
      b2: 'pending',
      u1: 'running',
      u2: 'pending',
    });

    // The limits live in the runner's index: a runner started after a worker restart keeps them.
    release('a1');
    const restarted = runner(1);
    await waitForStatus(restarted, jobs.get('a1') as JobRef, ended);
    expect(await states(restarted)).toMatchObject({
      a2: 'running',
      a3: 'running',
      b2: 'pending',
      u2: 'pending',
    });
    for (const [job] of groups) release(job);
    for (const ref of jobs.values())
      expect((await waitForStatus(restarted, ref, ended)).state).toBe('completed');
  });

  it('cancels running and queued jobs', async () => {
    const local = runner(1);
    const running = await submit(local, spec('running', 'sleep 30'));
    const queued = await submit(local, spec('queued', 'echo ran'));
    await waitForStatus(local, running, (status) => status.state === 'running');
    await local.cancel(queued);
    await local.cancel(running);
    expect((await waitForStatus(local, running, ended)).state).toBe('cancelled');
    expect((await waitForStatus(local, queued, ended)).state).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(path.join(root, 'jobs', 'queued', 'job.out'))).toBe(false);
  });

  it('submits once per job name', async () => {
    const local = runner();
    const jobSpec = spec('once', 'echo run >> runs.txt');
    const first = await local.submit(jobSpec);
    const again = await local.submit(jobSpec);
    const fresh = await runner().submit(jobSpec);
    refs.push({ schedulerId: first.schedulerId, name: jobSpec.name });
    expect(first.reused).toBe(false);
    expect(again).toEqual({ schedulerId: first.schedulerId, reused: true });
    expect(fresh).toEqual({ schedulerId: first.schedulerId, reused: true });
    await waitForStatus(local, { schedulerId: first.schedulerId, name: jobSpec.name }, ended);
    expect(readFileSync(path.join(root, 'jobs', 'once', 'runs.txt'), 'utf8')).toBe('run\n');
  });

  it('does not answer for a job under another name', async () => {
    const local = runner();
    const ref = await submit(local, spec('named', 'true'));
    const statuses = await local.statusMany([{ schedulerId: ref.schedulerId, name: 'oc.other.a1' }]);
    expect(statuses.get(ref.schedulerId)?.state).toBe('unknown');
  });

  it('recovers jobs of a runner that is gone, including jobs that ended while no runner was alive', async () => {
    const finishing = spec('finishing', 'sleep 1; exit 4');
    const waiting = spec('waiting', 'echo late');
    // Runner #1 lives in a child process that exits right after submitting (cap 1: "waiting" stays queued).
    const one = await runTsChild(CHILD, [stateDir, JSON.stringify(finishing), 'exit', '1']);
    const two = await runTsChild(CHILD, [stateDir, JSON.stringify(waiting), 'exit', '1']);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const finishingRef = {
      schedulerId: (JSON.parse(one.stdout) as { schedulerId: string }).schedulerId,
      name: finishing.name,
    };
    const waitingRef = {
      schedulerId: (JSON.parse(two.stdout) as { schedulerId: string }).schedulerId,
      name: waiting.name,
    };
    refs.push(finishingRef, waitingRef);

    await new Promise((resolve) => setTimeout(resolve, 2_000)); // "finishing" ends with no runner alive
    const exitFile = path.join(
      root,
      'jobs',
      'finishing',
      '.orcastrate-local',
      finishingRef.schedulerId,
      'exit',
    );
    expect(existsSync(exitFile)).toBe(true);

    const revived = runner(1);
    const statuses = await revived.statusMany([finishingRef, waitingRef]);
    expect(statuses.get(finishingRef.schedulerId)).toMatchObject({ state: 'failed', exitCode: 4 });
    expect((await waitForStatus(revived, waitingRef, ended)).state).toBe('completed');
    expect(readFileSync(path.join(root, 'jobs', 'waiting', 'job.out'), 'utf8')).toBe('late\n');
  });

  it('a submitter killed between queueing and the marker does not cause a second run on retry', async () => {
    const jobSpec = spec('crash', 'echo run >> runs.txt');
    const crashed = await runTsChild(CHILD, [stateDir, JSON.stringify(jobSpec), 'die-after-accept', '4']);
    expect(crashed.signal).toBe('SIGKILL');
    const jobDir = path.join(root, 'jobs', 'crash');
    expect(existsSync(markerPath(jobDir, jobSpec.name))).toBe(false);

    const local = runner();
    const retry = await local.submit(jobSpec);
    const ref = { schedulerId: retry.schedulerId, name: jobSpec.name };
    refs.push(ref);
    expect(retry.reused).toBe(true);
    expect((await waitForStatus(local, ref, ended)).state).toBe('completed');
    expect(readFileSync(path.join(jobDir, 'runs.txt'), 'utf8')).toBe('run\n');
  });
});
