import { EngineError } from '../../../src/active-learning/engine-errors';
import { runEngineJob, type EngineJob } from '../../../src/active-learning/engine-job';
import { parseActiveLearningInput } from '../../../src/active-learning/input';
import type {
  JobRef,
  JobSpec,
  SchedulerAdapter,
  SchedulerStatus,
  SubmitResult,
} from '../../../src/schedulers';

/** A scheduler whose jobs go through scripted states, one per status poll, the last one repeating. */
class ScriptedScheduler {
  readonly submitted: JobSpec[] = [];
  readonly polls = new Map<string, number>();
  private readonly known = new Map<string, JobRef>();
  private readonly scripts = new Map<string, SchedulerStatus[]>();

  constructor(private readonly plans: SchedulerStatus[][]) {}

  /** A job that an earlier (crashed) run submitted under `name`. */
  existing(name: string, states: SchedulerStatus[]): this {
    this.known.set(name, { schedulerId: `old-${name}`, name });
    this.scripts.set(`old-${name}`, states);
    return this;
  }

  findByName(name: string): Promise<JobRef[]> {
    const ref = this.known.get(name);
    return Promise.resolve(ref ? [ref] : []);
  }

  submit(spec: JobSpec): Promise<SubmitResult> {
    this.submitted.push(spec);
    const schedulerId = `job-${this.submitted.length}`;
    this.scripts.set(schedulerId, this.plans[this.submitted.length - 1] ?? [ended('failed', 1)]);
    return Promise.resolve({ schedulerId, reused: false });
  }

  statusMany(refs: readonly JobRef[]): Promise<Map<string, SchedulerStatus>> {
    const answers = new Map<string, SchedulerStatus>();
    for (const { schedulerId } of refs) {
      const poll = this.polls.get(schedulerId) ?? 0;
      this.polls.set(schedulerId, poll + 1);
      const script = this.scripts.get(schedulerId)!;
      answers.set(schedulerId, script[Math.min(poll, script.length - 1)]!);
    }
    return Promise.resolve(answers);
  }
}

function ended(state: SchedulerStatus['state'], exitCode?: number): SchedulerStatus {
  return { state, exitCode, raw: state };
}
const running = ended('running');

function job(scheduler: ScriptedScheduler): EngineJob {
  const settings = parseActiveLearningInput({
    label: {
      orca: { keywords: '! B3LYP', executable: '/opt/orca/orca' },
      scheduler: { kind: 'slurm', partition: 'gpu', account: 'chem', exportEnv: ['OMP_NUM_THREADS'] },
    },
    engines: { trainer: { runner: 'scheduler', cores: 4, memoryMb: 8000, walltimeMinutes: 1.5 } },
  });
  return {
    alId: 'loop',
    generation: 2,
    role: 'trainer',
    engine: settings.engines.trainer,
    scheduler: settings.label.scheduler,
    adapter: scheduler as unknown as SchedulerAdapter,
    dataRoot: '/data',
    dir: '/data/active-learning/loop/gen-2/trainer',
    argv: ['/usr/bin/node', '/opt/engine.js', '/data/request.json'],
    pollMs: 1,
  };
}

describe('running an engine as a scheduler job', () => {
  it('submits a job with the engine resources and waits for it to succeed', async () => {
    const scheduler = new ScriptedScheduler([[running, running, ended('completed', 0)]]);
    await expect(runEngineJob(job(scheduler))).resolves.toBe('job-1');
    expect(scheduler.polls.get('job-1')).toBe(3);
    expect(scheduler.submitted).toEqual([
      expect.objectContaining({
        campaignRoot: '/data',
        workingDir: 'active-learning/loop/gen-2/trainer',
        cores: 4,
        memoryMb: 8000,
        walltimeSeconds: 90,
        queue: 'gpu',
        account: 'chem',
        command: ['/usr/bin/node', '/opt/engine.js', '/data/request.json'],
        outputFile: 'engine-1.out',
        attempt: 1,
        inheritEnv: ['OMP_NUM_THREADS'],
        localConcurrency: { group: 'al-loop', limit: 2 },
      }),
    ]);
  });

  it('follows a job that ended badly with a new one under the next attempt name', async () => {
    const scheduler = new ScriptedScheduler([[ended('failed', 1)], [ended('completed', 0)]]);
    await expect(runEngineJob(job(scheduler))).resolves.toBe('job-2');
    expect(scheduler.submitted.map((s) => [s.attempt, s.outputFile])).toEqual([
      [1, 'engine-1.out'],
      [2, 'engine-2.out'],
    ]);
    expect(new Set(scheduler.submitted.map((s) => s.name)).size).toBe(2);
  });

  it('counts a completed job with a non-zero exit as failed', async () => {
    const scheduler = new ScriptedScheduler([[ended('completed', 2)], [ended('completed', 0)]]);
    await expect(runEngineJob(job(scheduler))).resolves.toBe('job-2');
  });

  it('waits for the job an earlier run submitted instead of submitting another', async () => {
    const first = new ScriptedScheduler([]);
    await runEngineJob(job(first)).catch(() => undefined);
    const name = first.submitted[0]!.name;
    const scheduler = new ScriptedScheduler([]).existing(name, [running, ended('completed', 0)]);
    await expect(runEngineJob(job(scheduler))).resolves.toBe(`old-${name}`);
    expect(scheduler.submitted).toEqual([]);
  });

  it('fails with EngineFailed after three jobs ended badly', async () => {
    const scheduler = new ScriptedScheduler([
      [ended('failed', 1)],
      [ended('timeout')],
      [{ state: 'failed', exitCode: 137, reason: 'OOM', raw: 'x' }],
    ]);
    const error = await runEngineJob(job(scheduler)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ type: 'EngineFailed', retryable: true });
    expect((error as EngineError).message).toMatch(
      /the trainer job \S+ ended failed \(exit 137, OOM\); see \/data\/active/,
    );
    expect(scheduler.submitted).toHaveLength(3);
  });

  it('gives up on a job the scheduler keeps not knowing', async () => {
    const scheduler = new ScriptedScheduler([[ended('unknown')], [ended('completed', 0)]]);
    await expect(runEngineJob(job(scheduler))).resolves.toBe('job-2');
    expect(scheduler.polls.get('job-1')).toBe(31);
  });
});
