import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CommandRunner,
  FluxAdapter,
  SchedulerUnreachableError,
  markerPath,
  type JobRef,
  type JobSpec,
} from '../../../src/schedulers';
import { testJobSpec } from './helpers/test-jobs';

// Contract tests against test/fixtures/flux/flux, which replays recorded `flux` CLI behaviour.
const FAKE_FLUX = path.resolve(__dirname, '../../fixtures/flux/flux');

describe('FluxAdapter against the recorded flux CLI', () => {
  let root: string;
  let state: string;
  let runner: CommandRunner;
  let fluxEnv: Record<string, string>;

  beforeAll(() => chmodSync(FAKE_FLUX, 0o755));
  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-flux-')));
    state = path.join(root, 'fake-flux-state');
    fluxEnv = { FAKE_FLUX_STATE: state };
    runner = new CommandRunner(10_000);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const adapter = (options: { statusChunkSize?: number; afterSchedulerAccepted?: () => void } = {}) =>
    new FluxAdapter({ executable: FAKE_FLUX, runner, env: fluxEnv, ...options });
  const calls = (): string[][] =>
    readFileSync(path.join(state, 'calls.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);
  const fixtureRef = (id: number, job: string): JobRef => ({
    schedulerId: String(id),
    name: `oc.fixture.${job}.a1`,
  });

  it('normalises every recorded state in one flux jobs call', async () => {
    const refs = [
      fixtureRef(1001, 'depend'),
      fixtureRef(1002, 'priority'),
      fixtureRef(1003, 'sched'),
      fixtureRef(1004, 'run'),
      fixtureRef(1005, 'cleanup'),
      fixtureRef(1006, 'completed'),
      fixtureRef(1007, 'failed'),
      fixtureRef(1008, 'signaled'),
      fixtureRef(1009, 'canceled'),
      fixtureRef(1010, 'timeout'),
    ];
    const statuses = await adapter().statusMany(refs);
    expect(refs.map((ref) => statuses.get(ref.schedulerId)?.state)).toEqual([
      'pending',
      'pending',
      'pending',
      'running',
      'running',
      'completed',
      'failed',
      'failed',
      'cancelled',
      'timeout',
    ]);
    expect(statuses.get('1006')).toMatchObject({ exitCode: 0, raw: 'INACTIVE|COMPLETED' });
    expect(statuses.get('1007')).toMatchObject({ exitCode: 3 });
    expect(statuses.get('1008')).toMatchObject({
      exitCode: 137,
      reason: 'exec: task 0 (host node1): Killed',
    });
    expect(statuses.get('1009')?.exitCode).toBeUndefined();
    expect(statuses.get('1010')).toMatchObject({ reason: 'timeout: resource allocation expired' });
    expect(runner.spawnCount).toBe(1);
    expect(calls()).toHaveLength(1);
  });

  it('polls 200 tracked jobs with ceil(200/chunk) flux jobs calls and matches by id and name', async () => {
    const refs: JobRef[] = [
      fixtureRef(1006, 'completed'),
      { schedulerId: '1007', name: 'oc.someone-else.a1' },
    ];
    for (let id = 5000; refs.length < 200; id += 1)
      refs.push({ schedulerId: String(id), name: `oc.c.j${id}.a1` });
    const statuses = await adapter({ statusChunkSize: 64 }).statusMany(refs);
    expect(runner.spawnCount).toBe(Math.ceil(200 / 64));
    expect(calls().filter(([command]) => command === 'jobs')).toHaveLength(4);
    expect(statuses.size).toBe(200);
    expect(statuses.get('1006')?.state).toBe('completed');
    expect(statuses.get('1007')?.state).toBe('unknown'); // id known, but it is another job
    expect(statuses.get('5000')?.state).toBe('unknown');
  });

  it('finds jobs by name, newest first', async () => {
    expect(await adapter().findByName('oc.fixture.twice.a1')).toEqual([
      { schedulerId: '1012', name: 'oc.fixture.twice.a1' },
      { schedulerId: '1011', name: 'oc.fixture.twice.a1' },
    ]);
    expect(await adapter().findByName('oc.nobody.a1')).toEqual([]);
  });

  function spec(job: string): JobSpec {
    return testJobSpec(root, 'flux', job, {
      cores: 2,
      memoryMb: 1000,
      command: ['/opt/orca/orca', 'job.inp'],
    });
  }

  it('submits once: flux batch from the job directory, then the marker answers', async () => {
    const first = await adapter().submit(spec('a'));
    // recorded/batch.out starts with ƒ2U6ZRJgVh = 187890276166884 (base58, checked independently)
    expect(first).toEqual({ schedulerId: '187890276166884', reused: false });
    const jobDir = path.join(root, 'jobs', 'a');
    expect(existsSync(markerPath(jobDir, 'oc.flux.a.a1'))).toBe(true);
    expect(await adapter().submit(spec('a'))).toEqual({ schedulerId: first.schedulerId, reused: true });
    const batches = calls().filter(([command]) => command === 'batch');
    expect(batches).toHaveLength(1);
    expect(batches[0]).toContain(`--output=${path.join(jobDir, 'orcastrate-oc.flux.a.a1.log')}`);
    const jobs = JSON.parse(readFileSync(path.join(state, 'jobs.json'), 'utf8')) as {
      name: string;
      cwd?: string;
    }[];
    expect(jobs.find((job) => job.name === 'oc.flux.a.a1')?.cwd).toBe(jobDir);
    const statuses = await adapter().statusMany([{ schedulerId: first.schedulerId, name: 'oc.flux.a.a1' }]);
    expect(statuses.get(first.schedulerId)?.state).toBe('pending');
  });

  it('after a crash between flux batch and the marker, the retry finds the job by name', async () => {
    const crashing = adapter({
      afterSchedulerAccepted: () => {
        throw new Error('simulated crash');
      },
    });
    await expect(crashing.submit(spec('b'))).rejects.toThrow('simulated crash');
    const retry = await adapter().submit(spec('b'));
    expect(retry.reused).toBe(true);
    expect(calls().filter(([command]) => command === 'batch')).toHaveLength(1);
  });

  it('cancels only the named job and ignores jobs that already ended', async () => {
    const flux = adapter();
    await flux.cancel({ schedulerId: '1003', name: 'oc.wrong.a1' });
    expect((await flux.statusMany([fixtureRef(1003, 'sched')])).get('1003')?.state).toBe('pending');
    await flux.cancel(fixtureRef(1003, 'sched'));
    await flux.cancel(fixtureRef(1006, 'completed'));
    const statuses = await flux.statusMany([fixtureRef(1003, 'sched'), fixtureRef(1006, 'completed')]);
    expect(statuses.get('1003')?.state).toBe('cancelled');
    expect(statuses.get('1006')?.state).toBe('completed');
    expect(calls().filter(([command]) => command === 'cancel')).toEqual([['cancel', '1003']]);
  });

  it('reports unreachable (not failed) when the broker is down or flux is missing', async () => {
    fluxEnv.FAKE_FLUX_MODE = 'down';
    const refs = [fixtureRef(1006, 'completed'), fixtureRef(1007, 'failed')];
    const statuses = await adapter().statusMany(refs);
    for (const ref of refs) {
      expect(statuses.get(ref.schedulerId)?.state).toBe('unreachable');
      expect(statuses.get(ref.schedulerId)?.reason).toMatch(/Unable to connect to Flux/);
    }
    await expect(adapter().findByName('oc.x.a1')).rejects.toThrow(SchedulerUnreachableError);
    await expect(adapter().submit(spec('c'))).rejects.toThrow(SchedulerUnreachableError);
    expect(calls().filter(([command]) => command === 'batch')).toHaveLength(0);

    const missing = new FluxAdapter({ executable: path.join(root, 'no-flux-here') });
    expect((await missing.statusMany(refs)).get('1006')?.state).toBe('unreachable');
  });
});
