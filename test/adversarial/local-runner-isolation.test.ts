import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LocalRunner } from '../../src/schedulers';
import { expectProcessToStop, hasEnded, useLocalRunnerSandbox } from './helpers/local-runner';

// One job's vanished, garbled or unwritable files end that job (failed, `lost` set, the path named)
// and nothing else: submit, statusMany, cancel and the queue keep working for every other job.
describe('local runner: a broken job stays its own problem', () => {
  const {
    sandbox,
    runner,
    spec,
    submit,
    waitFor,
    jobDir,
    stateDirOf,
    activeIds,
    programPid,
    release,
    untilReleased,
    makeUnwritable,
  } = useLocalRunnerSandbox();

  /** The runner still takes, runs and reports a brand-new job. */
  async function expectRunnerStillWorks(local: LocalRunner, job: string): Promise<void> {
    const ref = await submit(local, spec(job, 'echo fine'));
    expect((await waitFor(local, ref, hasEnded)).state).toBe('completed');
    expect(readFileSync(path.join(jobDir(job), 'job.out'), 'utf8')).toBe('fine\n');
  }

  it('a running job whose attempt directory is removed: job-dir-missing, its processes stop', async () => {
    const local = runner();
    const ref = await submit(local, spec('removed', 'sleep 60'));
    await waitFor(local, ref, (status) => status.state === 'running');
    const pid = await programPid('removed');
    rmSync(jobDir('removed'), { recursive: true, force: true });

    const status = (await local.statusMany([ref])).get(ref.schedulerId);
    expect(status).toMatchObject({ state: 'failed', lost: 'job-dir-missing' });
    expect(status?.reason).toContain(stateDirOf('removed', ref));
    expect(activeIds()).not.toContain(ref.schedulerId);
    await expectProcessToStop(pid);
    await expectRunnerStillWorks(local, 'after-removed');
    // The verdict is final, and the runner never recreated the removed directory.
    expect((await local.statusMany([ref])).get(ref.schedulerId)).toEqual(status);
    expect(existsSync(jobDir('removed'))).toBe(false);
  });

  it('a queued job whose directory vanished is retired at the next status call, not relaunched', async () => {
    const local = runner(1);
    const blocker = await submit(local, spec('blocker', untilReleased('blocker')));
    const queued = await submit(local, spec('queued', 'echo never'));
    await waitFor(local, blocker, (status) => status.state === 'running');
    rmSync(jobDir('queued'), { recursive: true, force: true });

    const statuses = await local.statusMany([queued, blocker]);
    expect(statuses.get(queued.schedulerId)).toMatchObject({ state: 'failed', lost: 'job-dir-missing' });
    expect(statuses.get(blocker.schedulerId)?.state).toBe('running');
    release('blocker');
    expect((await waitFor(local, blocker, hasEnded)).state).toBe('completed');
    await expectRunnerStillWorks(local, 'after-queued');
    expect(existsSync(jobDir('queued'))).toBe(false);
    expect(activeIds()).toEqual([]);
  });

  it('a garbage exit record: job-state-corrupt naming the file, and the job is stopped', async () => {
    const local = runner();
    const ref = await submit(local, spec('garbled-exit', 'sleep 60'));
    await waitFor(local, ref, (status) => status.state === 'running');
    const pid = await programPid('garbled-exit');
    const exitFile = path.join(stateDirOf('garbled-exit', ref), 'exit');
    writeFileSync(exitFile, '{"exitCode": "zero",');

    const status = await waitFor(local, ref, hasEnded);
    expect(status).toMatchObject({ state: 'failed', lost: 'job-state-corrupt' });
    expect(status.reason).toContain(exitFile);
    await expectProcessToStop(pid);
    await expectRunnerStillWorks(local, 'after-garbled-exit');
  });

  it("a queued job's garbage job.json: job-state-corrupt, the job never starts", async () => {
    const local = runner(1);
    const blocker = await submit(local, spec('blocker', untilReleased('blocker')));
    const queued = await submit(local, spec('garbled-job', 'echo never > ran'));
    const jobFile = path.join(stateDirOf('garbled-job', queued), 'job.json');
    writeFileSync(jobFile, 'not json at all');
    release('blocker');

    const status = await waitFor(local, queued, hasEnded);
    expect(status).toMatchObject({ state: 'failed', lost: 'job-state-corrupt' });
    expect(status.reason).toContain(jobFile);
    expect(existsSync(path.join(jobDir('garbled-job'), 'ran'))).toBe(false);
    expect((await waitFor(local, blocker, hasEnded)).state).toBe('completed');
  });

  it("a garbage entry in the runner's own index: that job fails, cancel and other jobs are unaffected", async () => {
    const local = runner(1);
    const broken = await submit(local, spec('garbled-entry', untilReleased('garbled-entry')));
    const next = await submit(local, spec('next', 'echo next'));
    const entryFile = path.join(sandbox.stateDir, 'jobs', broken.schedulerId);
    writeFileSync(entryFile, '{"name": 42');
    release('garbled-entry');

    const statuses = await local.statusMany([broken, next]);
    expect(statuses.get(broken.schedulerId)).toMatchObject({ state: 'failed', lost: 'job-state-corrupt' });
    expect(statuses.get(broken.schedulerId)?.reason).toContain(entryFile);
    await expect(local.cancel(broken)).resolves.toBeUndefined();
    expect((await waitFor(local, next, hasEnded)).state).toBe('completed');
    // Asked under another name, the broken job is not ours to report.
    const foreign = await local.statusMany([{ schedulerId: broken.schedulerId, name: 'oc.other.a1' }]);
    expect(foreign.get(broken.schedulerId)?.state).toBe('unknown');
  });

  it('a queued job whose state directory cannot be written: job-state-unwritable, the next job starts', async () => {
    const local = runner(1);
    const blocker = await submit(local, spec('blocker', untilReleased('blocker')));
    const stuck = await submit(local, spec('unwritable', 'echo never > ran'));
    const after = await submit(local, spec('after', 'echo after'));
    makeUnwritable(stateDirOf('unwritable', stuck));
    release('blocker');

    const status = await waitFor(local, stuck, hasEnded);
    expect(status).toMatchObject({ state: 'failed', lost: 'job-state-unwritable' });
    expect(status.reason).toContain(path.join(stateDirOf('unwritable', stuck), 'launched'));
    expect((await waitFor(local, after, hasEnded)).state).toBe('completed');
    expect((await waitFor(local, blocker, hasEnded)).state).toBe('completed');
    expect(existsSync(path.join(jobDir('unwritable'), 'ran'))).toBe(false);
  });

  it('cancelling a running job whose state directory cannot be written still stops it', async () => {
    const local = runner();
    const ref = await submit(local, spec('cancel-unwritable', 'sleep 60'));
    await waitFor(local, ref, (status) => status.state === 'running');
    const pid = await programPid('cancel-unwritable');
    makeUnwritable(stateDirOf('cancel-unwritable', ref));

    await expect(local.cancel(ref)).resolves.toBeUndefined();
    const status = (await local.statusMany([ref])).get(ref.schedulerId);
    expect(status).toMatchObject({ state: 'failed', lost: 'job-state-unwritable' });
    expect(status?.reason).toContain('cancel-requested');
    await expectProcessToStop(pid);
  });

  it('a wrapper killed without writing an exit record: lost, and the job it left behind is stopped', async () => {
    const local = runner();
    const ref = await submit(local, spec('orphan', 'sleep 60'));
    await waitFor(local, ref, (status) => status.state === 'running');
    const pid = await programPid('orphan');
    const wrapper = Number(readFileSync(path.join(stateDirOf('orphan', ref), 'pid'), 'utf8'));
    process.kill(wrapper, 'SIGKILL');
    await expectProcessToStop(wrapper);

    const status = await waitFor(local, ref, hasEnded);
    expect(status).toMatchObject({ state: 'failed', lost: 'lost' });
    expect(status.reason).toContain(`wrapper pid ${wrapper}`);
    await expectProcessToStop(pid);
    await expectRunnerStillWorks(local, 'after-orphan');
  });
});
