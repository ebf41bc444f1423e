import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EngineMetrics, EngineRole } from '../../../src/active-learning/engine-contract';
import { EngineError } from '../../../src/active-learning/engine-errors';
import { engineCommand } from '../../../src/active-learning/engine-process';
import { parseActiveLearningInput, type ActiveLearningInput } from '../../../src/active-learning/input';
import { engineFiles, engineRunFiles, generationFiles } from '../../../src/active-learning/layout';
import { runEngineStep, type EngineRunLog } from '../../../src/active-learning/run-engine';
import type { JobSpec, SchedulerAdapter, SchedulerStatus } from '../../../src/schedulers';

/** A test engine: `options.mode` says how it behaves; every run is counted in `runs.txt` of its directory. */
const ENGINE_SOURCE = `
const fs = require('node:fs');
const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
fs.appendFileSync('runs.txt', request.role + ' seed ' + request.seed + '\\n');
const mode = request.options.mode;
if (mode === 'exit') { console.error('first line\\nboom'); process.exit(3); }
for (const [name, file] of Object.entries(request.outputs)) {
  if (name === 'metrics') continue;
  if (mode !== 'no-output') fs.writeFileSync(file, name + '\\n');
}
fs.writeFileSync(request.outputs.metrics, JSON.stringify(mode === 'bad-metrics' ? { score: 'high' } : { score: 1.5 }));
`;

interface LoggedRun {
  runner: string;
  outcome?: { schedulerId: string | undefined; metrics: EngineMetrics } | { failed: string };
}

class MemoryLog implements EngineRunLog {
  readonly runs: LoggedRun[] = [];
  start(runner: string): Promise<string> {
    this.runs.push({ runner });
    return Promise.resolve(String(this.runs.length));
  }
  completed(runId: string, schedulerId: string | undefined, metrics: EngineMetrics): Promise<void> {
    this.runs[Number(runId) - 1]!.outcome = { schedulerId, metrics };
    return Promise.resolve();
  }
  failed(runId: string, detail: string): Promise<void> {
    this.runs[Number(runId) - 1]!.outcome = { failed: detail };
    return Promise.resolve();
  }
}

/** Runs each submitted job at once (in its working directory) and reports how it ended. */
class RunAtOnceScheduler implements Pick<SchedulerAdapter, 'findByName' | 'submit' | 'statusMany'> {
  readonly submitted: JobSpec[] = [];
  private readonly ended = new Map<string, SchedulerStatus>();
  findByName() {
    return Promise.resolve([]);
  }
  submit(spec: JobSpec) {
    this.submitted.push(spec);
    const [program, ...args] = spec.command;
    let status: SchedulerStatus = { state: 'completed', exitCode: 0, raw: 'done' };
    try {
      execFileSync(program!, args, { cwd: path.join(spec.campaignRoot, spec.workingDir), stdio: 'ignore' });
    } catch {
      status = { state: 'failed', exitCode: 3, raw: 'failed' };
    }
    const schedulerId = `job-${this.submitted.length}`;
    this.ended.set(schedulerId, status);
    return Promise.resolve({ schedulerId, reused: false });
  }
  statusMany(refs: readonly { schedulerId: string }[]) {
    return Promise.resolve(new Map(refs.map((r) => [r.schedulerId, this.ended.get(r.schedulerId)!])));
  }
}

let dataRoot: string;
let engineScript: string;
beforeEach(() => {
  dataRoot = mkdtempSync(path.join(tmpdir(), 'al-engine-'));
  engineScript = path.join(dataRoot, 'engine.js');
  writeFileSync(engineScript, ENGINE_SOURCE);
});
afterEach(() => rmSync(dataRoot, { recursive: true, force: true }));

function settings(engine: Record<string, unknown>, overrides: Partial<ActiveLearningInput> = {}) {
  const config = { command: [process.execPath, engineScript], ...engine };
  return parseActiveLearningInput({
    seed: 7,
    label: { orca: { keywords: '! B3LYP def2-SVP', executable: '/opt/orca/orca' } },
    engines: { generator: config, trainer: config },
    ...overrides,
  });
}

function step(role: EngineRole, engine: Record<string, unknown>, generation = 1) {
  return { alId: 'loop', generation, role, settings: settings(engine) };
}

const runsOf = (role: EngineRole, generation = 1) =>
  readFileSync(path.join(generationFiles(dataRoot, 'loop', generation).engineDir(role), 'runs.txt'), 'utf8')
    .trim()
    .split('\n');

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof EngineError)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return error;
}

describe('running an engine step', () => {
  it('runs the engine once: a later call returns the recorded metrics without running it', async () => {
    const log = new MemoryLog();
    const context = {
      dataRoot,
      log,
      schedulerFor: () => new RunAtOnceScheduler() as unknown as SchedulerAdapter,
    };
    const first = await runEngineStep(step('generator', { options: { mode: 'ok' } }), context);
    expect(first).toEqual({ metrics: { score: 1.5 }, ran: true });
    const again = await runEngineStep(step('generator', { options: { mode: 'ok' } }), context);
    expect(again).toEqual({ metrics: { score: 1.5 }, ran: false });
    expect(runsOf('generator')).toHaveLength(1);
    expect(log.runs).toEqual([
      { runner: 'local', outcome: { schedulerId: undefined, metrics: { score: 1.5 } } },
    ]);
    const dir = generationFiles(dataRoot, 'loop', 1).engineDir('generator');
    const request = JSON.parse(readFileSync(engineRunFiles(dir).request, 'utf8')) as Record<string, unknown>;
    expect(request).toMatchObject({
      role: 'generator',
      alId: 'loop',
      generation: 1,
      inputs: {},
      outputs: engineFiles(dataRoot, 'loop', 1, 'generator').outputs,
      options: { mode: 'ok' },
    });
    expect(request.seed).toEqual(expect.any(Number));
  });

  it('refuses to start without its inputs (not retryable) and records no run', async () => {
    const log = new MemoryLog();
    const error = await failure(
      runEngineStep(step('trainer', { options: { mode: 'ok' } }), {
        dataRoot,
        log,
        schedulerFor: () => new RunAtOnceScheduler() as unknown as SchedulerAdapter,
      }),
    );
    expect(error.type).toBe('EngineInputMissing');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/the trainer of generation 1 needs its dataset input .*dataset\.extxyz/);
    expect(log.runs).toEqual([]);
  });

  it.each([
    ['exit', 'EngineFailed', /engine \S+ exited with 3: first line \| boom/],
    ['no-output', 'EngineOutputMissing', /exited without writing its candidates output/],
    ['bad-metrics', 'EngineOutputInvalid', /must be a flat JSON object of numbers/],
  ])(
    'records a run that ends %s as failed (%s, retryable) and writes no done file',
    async (mode, type, message) => {
      const log = new MemoryLog();
      const error = await failure(
        runEngineStep(step('generator', { options: { mode } }), {
          dataRoot,
          log,
          schedulerFor: () => new RunAtOnceScheduler() as unknown as SchedulerAdapter,
        }),
      );
      expect(error.type).toBe(type);
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(message);
      expect(log.runs).toEqual([{ runner: 'local', outcome: { failed: error.message } }]);
      const dir = generationFiles(dataRoot, 'loop', 1).engineDir('generator');
      expect(existsSync(engineRunFiles(dir).done)).toBe(false);
      if (mode === 'exit') expect(readFileSync(engineRunFiles(dir).log, 'utf8')).toContain('boom');
    },
  );

  it('submits a scheduler-runner engine as a job in its directory and records the job id', async () => {
    const log = new MemoryLog();
    const scheduler = new RunAtOnceScheduler();
    const outcome = await runEngineStep(
      step('generator', { runner: 'scheduler', cores: 2, options: { mode: 'ok' } }),
      {
        dataRoot,
        log,
        schedulerFor: () => scheduler as unknown as SchedulerAdapter,
      },
    );
    expect(outcome).toEqual({ metrics: { score: 1.5 }, ran: true });
    expect(scheduler.submitted).toHaveLength(1);
    expect(scheduler.submitted[0]).toMatchObject({
      campaignRoot: dataRoot,
      workingDir: path.join('active-learning', 'loop', 'gen-1', 'generator'),
      cores: 2,
      attempt: 1,
    });
    expect(log.runs).toEqual([
      { runner: 'scheduler', outcome: { schedulerId: 'job-1', metrics: { score: 1.5 } } },
    ]);
  });
});

describe('the engine command', () => {
  it('is the configured argv, or the built-in engines when they are built', () => {
    const engine = settings({}).engines.generator;
    expect(engineCommand(engine, 'generator')).toEqual([process.execPath, engineScript]);
    const builtin = { ...engine, command: undefined };
    const cli = path.join(dataRoot, 'engine-cli.js');
    const missing = (() => {
      try {
        engineCommand(builtin, 'trainer', cli);
      } catch (error) {
        return error;
      }
    })();
    expect(missing).toBeInstanceOf(EngineError);
    expect(missing).toMatchObject({ type: 'EngineNotBuilt', retryable: false });
    mkdirSync(path.dirname(cli), { recursive: true });
    writeFileSync(cli, '');
    expect(engineCommand(builtin, 'trainer', cli)).toEqual([process.execPath, cli, 'trainer']);
  });
});
