import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { SchedulerSettings } from '../campaign/input';
import type { SchedulerAdapter } from '../schedulers';
import { writeFileAtomic } from '../schedulers/atomic-file';
import {
  engineMetricsSchema,
  type EngineMetrics,
  type EngineRequest,
  type EngineRole,
} from './engine-contract';
import { EngineError } from './engine-errors';
import { runEngineJob } from './engine-job';
import { engineCommand, runEngineProcess } from './engine-process';
import type { ActiveLearningSettings, EngineConfig } from './input';
import { engineFiles, engineRunFiles, generationFiles } from './layout';
import { mixSeed } from './random';

const ROLE_INDEX: Record<EngineRole, number> = { generator: 1, trainer: 2, inference: 3, selector: 4 };

/** Where the runs of one engine step are recorded (Postgres' al_engine_runs in production). */
export interface EngineRunLog {
  /** Records a new run, superseding one left marked running (a crashed worker); returns its id. */
  start(runner: EngineConfig['runner']): Promise<string>;
  completed(runId: string, schedulerId: string | undefined, metrics: EngineMetrics): Promise<void>;
  failed(runId: string, detail: string): Promise<void>;
}

export interface EngineStep {
  alId: string;
  generation: number;
  role: EngineRole;
  settings: ActiveLearningSettings;
}

export interface EngineStepContext {
  dataRoot: string;
  log: EngineRunLog;
  schedulerFor(settings: SchedulerSettings): SchedulerAdapter;
  /** Aborts an engine run by this process (the activity's cancellation). */
  signal?: AbortSignal;
}

export interface EngineOutcome {
  metrics: EngineMetrics;
  /** False when a finished run's result was found and nothing was run. */
  ran: boolean;
}

/** Runs one engine, or returns the result of a run that already finished (a restart never reruns it). */
export async function runEngineStep(step: EngineStep, context: EngineStepContext): Promise<EngineOutcome> {
  const { alId, generation, role, settings } = step;
  const engine = settings.engines[role];
  const dir = generationFiles(context.dataRoot, alId, generation).engineDir(role);
  const run = engineRunFiles(dir);
  if (existsSync(run.done)) {
    return { metrics: engineMetricsSchema.parse(JSON.parse(await readFile(run.done, 'utf8'))), ran: false };
  }
  await mkdir(dir, { recursive: true });
  const files = engineFiles(context.dataRoot, alId, generation, role);
  for (const [name, file] of Object.entries(files.inputs)) {
    if (!existsSync(file)) {
      throw new EngineError(
        'EngineInputMissing',
        `the ${role} of generation ${generation} needs its ${name} input ${file}, which does not exist`,
      );
    }
  }
  const request: EngineRequest = {
    role,
    alId,
    generation,
    seed: mixSeed(settings.seed, generation, ROLE_INDEX[role]),
    inputs: files.inputs,
    outputs: files.outputs,
    options: engine.options,
  };
  await writeFile(run.request, JSON.stringify(request, null, 2));
  const argv = [...engineCommand(engine, role), run.request];
  const runId = await context.log.start(engine.runner);
  try {
    let schedulerId: string | undefined;
    if (engine.runner === 'local') {
      await runEngineProcess(argv, dir, run.log, context.signal);
    } else {
      const scheduler = settings.engineScheduler ?? settings.label.scheduler;
      schedulerId = await runEngineJob({
        alId,
        generation,
        role,
        engine,
        scheduler,
        adapter: context.schedulerFor(scheduler),
        dataRoot: context.dataRoot,
        dir,
        argv,
      });
    }
    const metrics = await readMetrics(files.outputs, role, generation);
    await context.log.completed(runId, schedulerId, metrics);
    writeFileAtomic(run.done, JSON.stringify(metrics, null, 2));
    return { metrics, ran: true };
  } catch (error) {
    await context.log.failed(runId, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** Checks that the engine wrote every output and reads its metrics. */
async function readMetrics(
  outputs: Record<string, string>,
  role: EngineRole,
  generation: number,
): Promise<EngineMetrics> {
  for (const [name, file] of Object.entries(outputs)) {
    if (!existsSync(file)) {
      throw new EngineError(
        'EngineOutputMissing',
        `the ${role} of generation ${generation} exited without writing its ${name} output ${file}`,
      );
    }
  }
  const parsed = engineMetricsSchema.safeParse(JSON.parse(await readFile(outputs.metrics!, 'utf8')));
  if (!parsed.success) {
    throw new EngineError(
      'EngineOutputInvalid',
      `the ${role}'s metrics file ${outputs.metrics} must be a flat JSON object of numbers`,
    );
  }
  return parsed.data;
}
