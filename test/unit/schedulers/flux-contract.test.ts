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

// Contract tests against test/fixtures/flux/flux, which replays what a live flux-core 0.88.0 printed
// (test/fixtures/flux/recorded/, captured by capture.sh next to it). test/flux/ runs the same operations
// against the live instance itself.
const FAKE_FLUX = path.resolve(__dirname, '../../fixtures/flux/flux');
const RECORDED = path.resolve(__dirname, '../../fixtures/flux/recorded');

interface RecordedJob {
  case: string;
  'id.dec': string;
  'id.f58': string;
  'id.f58plain': string;
  name: string;
}
const recordedJobs = (
  JSON.parse(readFileSync(path.join(RECORDED, 'jobs.json'), 'utf8')) as { jobs: RecordedJob[] }
).jobs;
const recordedBatch = JSON.parse(readFileSync(path.join(RECORDED, 'batch.json'), 'utf8')) as Record<
  'C' | 'C.UTF-8',
  { stdout: string; decimal: string }
>;
/** The recorded job of this case (the last one, for the name submitted twice). */
function recorded(job: string): JobRef {
  const hit = recordedJobs.filter((record) => record.case === job).pop();
  if (!hit) throw new Error(`no recorded job ${job}`);
  return { schedulerId: hit['id.dec'], name: hit.name };
}

describe('FluxAdapter against the recorded flux CLI', () => {
  let root: string;
  let state: string;
  let runner: CommandRunner;
  let fluxEnv: Record<string, string>;

  beforeAll(() => chmodSync(FAKE_FLUX, 0o755));
  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-flux-')));
    state = path.join(root, 'fake-flux-state');
    fluxEnv = { FAKE_FLUX_STATE: state, LC_ALL: 'C.UTF-8' };
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

  it('normalises every recorded state in one flux jobs call', async () => {
    const cases = [
      'depend',
      'sched',
      'run',
      'completed',
      'failed',
      'signaled',
      'canceled-running',
      'canceled-pending',
      'timeout',
      'alloc-failed',
    ];
    const refs = cases.map(recorded);
    const statuses = await adapter().statusMany(refs);
    const of = (job: string) => statuses.get(recorded(job).schedulerId);
    expect(refs.map((ref) => statuses.get(ref.schedulerId)?.state)).toEqual([
      'pending',
      'pending',
      'running',
      'completed',
      'failed',
      'failed',
      'cancelled',
      'cancelled',
      'timeout',
      'failed',
    ]);
    expect(of('completed')).toMatchObject({ exitCode: 0, raw: 'INACTIVE|COMPLETED' });
    expect(of('failed')).toMatchObject({ exitCode: 3 });
    // a batch script killed by a signal: the batch job's own broker exits 128+signal
    expect(of('signaled')).toMatchObject({ exitCode: 137 });
    expect(of('canceled-running')).toMatchObject({ reason: 'cancel' });
    expect(of('canceled-running')?.exitCode).toBeUndefined();
    expect(of('timeout')).toMatchObject({ reason: 'timeout: resource allocation expired' });
    // Refused by the scheduler before it ever ran: flux reports returncode 1, but no program exited with it.
    expect(of('alloc-failed')?.reason).toMatch(/^alloc: unsatisfiable request/);
    expect(of('alloc-failed')?.exitCode).toBeUndefined();
    expect(runner.spawnCount).toBe(1);
    expect(calls()).toHaveLength(1);
  });

  it('polls 200 tracked jobs with ceil(200/chunk) flux jobs calls and matches by id and name', async () => {
    const refs: JobRef[] = [
      recorded('completed'),
      { schedulerId: recorded('failed').schedulerId, name: 'oc.someone-else.a1' },
    ];
    for (let id = 5000; refs.length < 200; id += 1)
      refs.push({ schedulerId: String(id), name: `oc.c.j${id}.a1` });
    const statuses = await adapter({ statusChunkSize: 64 }).statusMany(refs);
    expect(runner.spawnCount).toBe(Math.ceil(200 / 64));
    expect(calls().filter(([command]) => command === 'jobs')).toHaveLength(4);
    expect(statuses.size).toBe(200);
    expect(statuses.get(recorded('completed').schedulerId)?.state).toBe('completed');
    expect(statuses.get(recorded('failed').schedulerId)?.state).toBe('unknown'); // id known, but another job
    expect(statuses.get('5000')?.state).toBe('unknown');
  });

  it('reads the id flux batch prints in either spelling, and asks flux jobs in either', async () => {
    expect(recordedBatch['C.UTF-8'].stdout).toMatch(/^ƒ/);
    expect(recordedBatch.C.stdout).toMatch(/^f/);
    const utf8 = await adapter().submit(spec('utf8'));
    expect(utf8.schedulerId).toBe(recordedBatch['C.UTF-8'].decimal);
    fluxEnv.LC_ALL = 'C';
    rmSync(state, { recursive: true, force: true });
    const plain = await adapter().submit(spec('plain'));
    expect(plain.schedulerId).toBe(recordedBatch.C.decimal);

    // a stored id in either F58 spelling names the same job
    const completed = recordedJobs.find((job) => job.case === 'completed')!;
    const spelt = [completed['id.f58'], completed['id.f58plain']].map((schedulerId) => ({
      schedulerId,
      name: completed.name,
    }));
    expect(spelt.map((ref) => ref.schedulerId[0])).toEqual(['ƒ', 'f']);
    const statuses = await adapter().statusMany(spelt);
    expect(spelt.map((ref) => statuses.get(ref.schedulerId)?.state)).toEqual(['completed', 'completed']);
  });

  it('an id flux cannot parse never hides the other jobs of its poll', async () => {
    const refs = [recorded('completed'), { schedulerId: '18446744073709551616', name: 'oc.c.huge.a1' }];
    const statuses = await adapter().statusMany(refs);
    expect(statuses.get(recorded('completed').schedulerId)?.state).toBe('completed');
    expect(statuses.get('18446744073709551616')?.state).toBe('unknown');
  });

  it('finds jobs by name, newest first', async () => {
    const twice = recordedJobs.filter((job) => job.case === 'twice').map((job) => job['id.dec']);
    expect(twice).toHaveLength(2);
    expect(await adapter().findByName('oc.fixture.twice.a1')).toEqual([
      { schedulerId: twice[1], name: 'oc.fixture.twice.a1' },
      { schedulerId: twice[0], name: 'oc.fixture.twice.a1' },
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
    // what flux batch printed (recorded/batch.json), as the decimal id flux jobs gave for it
    expect(first).toEqual({ schedulerId: recordedBatch['C.UTF-8'].decimal, reused: false });
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

  it('submits held and releases it once no other job of the name turned up', async () => {
    const { schedulerId } = await adapter().submit(spec('held'));
    expect(calls().map(([command, ...rest]) => [command, rest[0]])).toEqual([
      ['jobs', '-a'], // the name lookup
      ['batch', '--urgency=0'],
      ['jobs', '-a'], // which job of the name to keep
      ['job', 'urgency'],
    ]);
    expect(calls().at(-1)).toEqual(['job', 'urgency', schedulerId, 'default']);
    const jobs = JSON.parse(readFileSync(path.join(state, 'jobs.json'), 'utf8')) as {
      name: string;
      urgency: string;
    }[];
    expect(jobs.filter((job) => job.name === 'oc.flux.held.a1').map((job) => job.urgency)).toEqual(['16']);
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
    const sched = recorded('sched');
    const completed = recorded('completed');
    await flux.cancel({ schedulerId: sched.schedulerId, name: 'oc.wrong.a1' });
    expect((await flux.statusMany([sched])).get(sched.schedulerId)?.state).toBe('pending');
    await flux.cancel(sched);
    await flux.cancel(completed);
    const statuses = await flux.statusMany([sched, completed]);
    expect(statuses.get(sched.schedulerId)?.state).toBe('cancelled');
    expect(statuses.get(completed.schedulerId)?.state).toBe('completed');
    expect(calls().filter(([command]) => command === 'cancel')).toEqual([['cancel', sched.schedulerId]]);
  });

  it('reports unreachable (not failed) when the broker is down or flux is missing', async () => {
    fluxEnv.FAKE_FLUX_MODE = 'down';
    const refs = [recorded('completed'), recorded('failed')];
    const statuses = await adapter().statusMany(refs);
    for (const ref of refs) {
      expect(statuses.get(ref.schedulerId)?.state).toBe('unreachable');
      expect(statuses.get(ref.schedulerId)?.reason).toMatch(/Unable to connect to Flux: broker socket/);
    }
    await expect(adapter().findByName('oc.x.a1')).rejects.toThrow(SchedulerUnreachableError);
    await expect(adapter().submit(spec('c'))).rejects.toThrow(SchedulerUnreachableError);
    await expect(adapter().cancel(recorded('run'))).rejects.toThrow(SchedulerUnreachableError);
    expect(calls().filter(([command]) => command === 'batch')).toHaveLength(0);

    const missing = new FluxAdapter({ executable: path.join(root, 'no-flux-here') });
    expect((await missing.statusMany(refs)).get(refs[0]!.schedulerId)?.state).toBe('unreachable');
  });
});
