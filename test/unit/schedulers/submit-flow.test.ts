import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CommandRunner,
  FluxAdapter,
  InvalidJobSpecError,
  LocalRunner,
  SchedulerUnreachableError,
  SlurmAdapter,
  TERMINAL_STATES,
  markerPath,
  type CommandOptions,
  type CommandResult,
  type JobRef,
  type JobSpec,
  type SchedulerAdapter,
  type WrittenJob,
} from '../../../src/schedulers';
import { validateJobSpec } from '../../../src/schedulers/job-spec';
import { testJobSpec } from './helpers/test-jobs';

// Every validateJobSpec call anywhere in the scheduler layer goes through this counter.
jest.mock('../../../src/schedulers/job-spec', () => {
  const actual = jest.requireActual<typeof import('../../../src/schedulers/job-spec')>(
    '../../../src/schedulers/job-spec',
  );
  return { ...actual, validateJobSpec: jest.fn(actual.validateJobSpec) };
});
const validate = jest.mocked(validateJobSpec);

/** An in-memory SLURM and Flux: remembers what sbatch / flux batch accepted, answers name lookups. */
class FakeCluster extends CommandRunner {
  private readonly jobs: (JobRef & { urgency: number })[] = [];

  override run(file: string, args: readonly string[], _options?: CommandOptions): Promise<CommandResult> {
    const program = [path.basename(file), ...(path.basename(file) === 'flux' ? args.slice(0, 1) : [])];
    const name = args.find((arg) => arg.startsWith('--name='))?.slice('--name='.length);
    const known = this.jobs.filter((job) => job.name === name);
    switch (program.join(' ')) {
      case 'sbatch':
      case 'flux batch':
        return ok(`${this.accept(args.at(-1) ?? '', args.includes('--urgency=0') ? 0 : 16)}\n`);
      case 'squeue':
        return ok(known.map((job) => `${job.schedulerId}|${job.name}|PENDING|None|0\n`).join(''));
      case 'sacct':
        return ok('');
      case 'flux jobs': {
        // the held-submit listing ({id.dec}|{name}|{urgency}|{state}) or the status one
        const held = args.some((arg) => arg.includes('{urgency}'));
        const line = (job: (typeof known)[number]) =>
          held
            ? `${job.schedulerId}|${job.name}|${job.urgency}|SCHED`
            : `${job.schedulerId}|${job.name}|SCHED|||||`;
        return ok(known.map((job) => `${line(job)}\n`).join(''));
      }
      case 'flux job': {
        const job = this.jobs.find((candidate) => candidate.schedulerId === args[2]);
        if (job && args[1] === 'urgency') job.urgency = 16;
        return ok('');
      }
      default:
        throw new Error(`the fake cluster has no ${program.join(' ')}`);
    }
  }

  private accept(script: string, urgency: number): string {
    const name = /--job-name=(\S+)/.exec(readFileSync(script, 'utf8'))?.[1] ?? '';
    const schedulerId = String(100 + this.jobs.length);
    this.jobs.push({ schedulerId, name, urgency });
    return schedulerId;
  }
}

function ok(stdout: string): Promise<CommandResult> {
  return Promise.resolve({ stdout, stderr: '', exitCode: 0 });
}

type Steps = { handToScheduler(job: WrittenJob): Promise<string> };
type Factory = (root: string, afterSchedulerAccepted: (id: string) => void) => SchedulerAdapter;

const ADAPTERS: [string, Factory][] = [
  ['slurm', (_root, after) => new SlurmAdapter({ runner: new FakeCluster(), afterSchedulerAccepted: after })],
  ['flux', (_root, after) => new FluxAdapter({ runner: new FakeCluster(), afterSchedulerAccepted: after })],
  [
    'local',
    (root, after) =>
      new LocalRunner({
        stateDir: path.join(root, 'state'),
        maxConcurrent: 2,
        afterSchedulerAccepted: after,
      }),
  ],
];

describe.each(ADAPTERS)('the shared submit flow (%s)', (_kind, create) => {
  let root: string;
  let adapter: SchedulerAdapter;
  let events: string[];
  let lookupSpy: jest.SpiedFunction<SchedulerAdapter['findByName']>;
  let handOverSpy: jest.SpiedFunction<Steps['handToScheduler']>;
  const submitted: JobRef[] = [];

  const spec = (job = 'j'): JobSpec => testJobSpec(root, 'flow', job);
  const jobDir = (job = 'j') => path.join(root, 'jobs', job);
  const marker = (job = 'j') => markerPath(jobDir(job), spec(job).name);

  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-flow-')));
    events = [];
    adapter = create(root, () => {
      events.push(`accepted${existsSync(marker()) ? ' (marker already there!)' : ''}`);
    });
    const lookup = adapter.findByName.bind(adapter);
    lookupSpy = jest.spyOn(adapter, 'findByName').mockImplementation((name) => {
      events.push('lookup');
      return lookup(name);
    });
    const steps = adapter as unknown as Steps;
    const handOver = steps.handToScheduler.bind(adapter);
    handOverSpy = jest.spyOn(steps, 'handToScheduler').mockImplementation((job) => {
      events.push(`submit${existsSync(job.scriptPath) ? ' (script written)' : ''}`);
      return handOver(job);
    });
    validate.mockClear();
  });

  afterEach(async () => {
    // Local jobs run /bin/true; let them end before their directories go.
    for (let round = 0; round < 100 && adapter.kind === 'local' && submitted.length > 0; round++) {
      const statuses = await adapter.statusMany(submitted);
      if ([...statuses.values()].every((status) => TERMINAL_STATES.has(status.state))) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    submitted.length = 0;
    rmSync(root, { recursive: true, force: true });
  });

  async function submit(job = 'j') {
    validate.mockClear();
    events = [];
    const result = await adapter.submit(spec(job));
    submitted.push({ schedulerId: result.schedulerId, name: spec(job).name });
    expect(validate).toHaveBeenCalledTimes(1);
    return result;
  }

  it('validates once, asks the scheduler for the name, writes the script, submits, then the marker', async () => {
    const result = await submit();
    expect(result.reused).toBe(false);
    expect(events).toEqual(['lookup', 'submit (script written)', 'accepted']);
    expect(JSON.parse(readFileSync(marker(), 'utf8'))).toMatchObject({
      kind: adapter.kind,
      name: spec().name,
      schedulerId: result.schedulerId,
    });
  });

  it('trusts the marker first: no name lookup, no submission', async () => {
    const first = await submit();
    const again = await submit();
    expect(again).toEqual({ schedulerId: first.schedulerId, reused: true });
    expect(events).toEqual([]);
  });

  it('finds a job whose marker was lost by its name and writes the marker again', async () => {
    const first = await submit();
    rmSync(marker());
    const again = await submit();
    expect(again).toEqual({ schedulerId: first.schedulerId, reused: true });
    expect(events).toEqual(['lookup']);
    expect(existsSync(marker())).toBe(true);
  });

  it('never submits blind: a failed name lookup submits nothing', async () => {
    lookupSpy.mockRejectedValueOnce(new SchedulerUnreachableError('down'));
    await expect(adapter.submit(spec())).rejects.toThrow(SchedulerUnreachableError);
    expect(handOverSpy).not.toHaveBeenCalled();
    expect(existsSync(marker())).toBe(false);
    expect(validate).toHaveBeenCalledTimes(1);
  });

  it('refuses an invalid spec before making the job directory or asking the scheduler', async () => {
    await expect(adapter.submit({ ...spec(), command: ['true'] })).rejects.toThrow(InvalidJobSpecError);
    expect(existsSync(jobDir())).toBe(false);
    expect(events).toEqual([]);
  });

  it('still validates renderScript called on its own, once', () => {
    expect(() => adapter.renderScript({ ...spec(), queue: 'a b' })).toThrow(InvalidJobSpecError);
    validate.mockClear();
    expect(adapter.renderScript(spec())).toMatch(/^#!\/bin\/bash\n/);
    expect(validate).toHaveBeenCalledTimes(1);
    expect(events).toEqual([]);
  });
});
