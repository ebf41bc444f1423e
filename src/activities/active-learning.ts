import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import {
  engineMetricsSchema,
  type EngineMetrics,
  type EngineRequest,
  type EngineRole,
} from '../active-learning/engine-contract';
import { formatExtxyz, parseExtxyz, toXyz, type Structure } from '../active-learning/extxyz';
import {
  labelCampaignId,
  type ActiveLearningSettings,
  type AlPhase,
  type EngineConfig,
  type GenerationRecord,
} from '../active-learning/input';
import { mixSeed } from '../active-learning/random';
import type { Config } from '../config';
import { orcaJobEnvironment } from '../jobs/orca-resources';
import { jobName, TERMINAL_STATES, type JobSpec } from '../schedulers';
import { REPO_ROOT } from '../temporal-cli';
import { jobIdForRow, upsertCampaign } from './campaign-db';
import { inheritEnvFor } from '../schedulers';
import type { SchedulerRegistry } from './deps';

/** The built-in engines, run as `node <this> <role> <request.json>` (built by `npm run build`). */
export const BUILTIN_ENGINE_CLI = path.join(REPO_ROOT, 'dist/active-learning/engine-cli.js');

const ROLE_INDEX: Record<EngineRole, number> = { generator: 1, trainer: 2, inference: 3, selector: 4 };
const HEARTBEAT_MS = 2000;

export function alRoot(dataRoot: string, alId: string): string {
  return path.join(dataRoot, 'active-learning', alId);
}

/** Where each generation's files live; engines only ever see absolute paths from here. */
export function generationFiles(dataRoot: string, alId: string, generation: number) {
  const root = alRoot(dataRoot, alId);
  const gen = (n: number) => path.join(root, `gen-${n}`);
  const dir = gen(generation);
  return {
    root,
    dir,
    holdout: path.join(root, 'holdout.extxyz'),
    candidates: path.join(dir, 'generator', 'candidates.extxyz'),
    unlabelledHoldout: path.join(dir, 'generator', 'holdout.extxyz'),
    dataset: path.join(dir, 'label', 'dataset.extxyz'),
    labelled: path.join(dir, 'label', 'labelled.extxyz'),
    model: path.join(dir, 'trainer', 'model.json'),
    samples: path.join(dir, 'inference', 'samples.extxyz'),
    selected: path.join(dir, 'selector', 'selected.extxyz'),
    previousDataset: generation > 1 ? path.join(gen(generation - 1), 'label', 'dataset.extxyz') : undefined,
    previousSelected:
      generation > 1 ? path.join(gen(generation - 1), 'selector', 'selected.extxyz') : undefined,
    previousModel: generation > 1 ? path.join(gen(generation - 1), 'trainer', 'model.json') : undefined,
    engineDir: (role: EngineRole) => path.join(dir, role),
  };
}

/** What each role reads and writes (the file contract of `engine-contract.ts`). */
export function engineFiles(
  dataRoot: string,
  alId: string,
  generation: number,
  role: EngineRole,
): { inputs: Record<string, string>; outputs: Record<string, string> } {
  const f = generationFiles(dataRoot, alId, generation);
  const metrics = path.join(f.engineDir(role), 'metrics.json');
  switch (role) {
    case 'generator':
      return generation === 1
        ? { inputs: {}, outputs: { candidates: f.candidates, holdout: f.unlabelledHoldout, metrics } }
        : {
            inputs: { selection: f.previousSelected!, model: f.previousModel!, dataset: f.previousDataset! },
            outputs: { candidates: f.candidates, metrics },
          };
    case 'trainer':
      return { inputs: { dataset: f.dataset, holdout: f.holdout }, outputs: { model: f.model, metrics } };
    case 'inference':
      return { inputs: { model: f.model, dataset: f.dataset }, outputs: { samples: f.samples, metrics } };
    case 'selector':
      return {
        inputs: { samples: f.samples, dataset: f.dataset },
        outputs: { selected: f.selected, metrics },
      };
  }
}

interface EngineOutcome {
  metrics: EngineMetrics;
  /** False when a finished run's result was found and nothing was run. */
  ran: boolean;
}

export function createActiveLearningActivities(pool: Pool, config: Config, schedulers: SchedulerRegistry) {
  return {
    /** Registers (or finds) the loop; returns the generations Postgres already has as finished. */
    async alBegin({
      alId,
      workflowId,
      settings,
    }: {
      alId: string;
      workflowId: string;
      settings: ActiveLearningSettings;
    }): Promise<GenerationRecord[]> {
      await pool.query(
        `INSERT INTO al_runs (id, workflow_id, settings) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET workflow_id = EXCLUDED.workflow_id, settings = EXCLUDED.settings,
           status = 'running', error = NULL, stop_reason = NULL, updated_at = now()`,
        [alId, workflowId, JSON.stringify(settings)],
      );
      const { rows } = await pool.query<GenerationRow>(
        `SELECT * FROM al_generations WHERE al_id = $1 AND finished_at IS NOT NULL ORDER BY generation`,
        [alId],
      );
      // only a gap-free prefix counts: generation n needs n-1's files
      const finished: GenerationRecord[] = [];
      for (const row of rows) if (row.generation === finished.length + 1) finished.push(recordOf(row));
      return finished;
    },

    async alPhase({
      alId,
      generation,
      phase,
      paused,
    }: {
      alId: string;
      generation: number;
      phase: AlPhase;
      paused?: boolean;
    }): Promise<void> {
      if (phase !== 'done') {
        await pool.query(
          `INSERT INTO al_generations (al_id, generation, phase) VALUES ($1, $2, $3)
           ON CONFLICT (al_id, generation) DO UPDATE SET phase = EXCLUDED.phase`,
          [alId, generation, phase],
        );
      }
      await pool.query(
        `UPDATE al_runs SET generation = $2, phase = $3, status = $4, updated_at = now() WHERE id = $1`,
        [alId, generation, phase, paused ? 'paused' : 'running'],
      );
    },

    /** Runs one engine, or returns the result of a run that already finished (a restart never reruns it). */
    async alRunEngine({
      alId,
      generation,
      role,
      settings,
    }: {
      alId: string;
      generation: number;
      role: EngineRole;
      settings: ActiveLearningSettings;
    }): Promise<EngineOutcome> {
      const engine = settings.engines[role];
      const dir = generationFiles(config.dataRoot, alId, generation).engineDir(role);
      const donePath = path.join(dir, 'done.json');
      if (existsSync(donePath)) {
        return {
          metrics: engineMetricsSchema.parse(JSON.parse(await readFile(donePath, 'utf8'))),
          ran: false,
        };
      }
      await mkdir(dir, { recursive: true });
      const files = engineFiles(config.dataRoot, alId, generation, role);
      for (const [name, file] of Object.entries(files.inputs)) {
        if (!existsSync(file)) {
          throw ApplicationFailure.create({
            type: 'EngineInputMissing',
            message: `the ${role} of generation ${generation} needs its ${name} input ${file}, which does not exist`,
            nonRetryable: true,
          });
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
      const requestPath = path.join(dir, 'request.json');
      await writeFile(requestPath, JSON.stringify(request, null, 2));
      const argv = [...engineCommand(engine, role), requestPath];
      // a run still marked running was cut off (worker crash): this one supersedes it
      await pool.query(
        `UPDATE al_engine_runs SET status = 'failed', detail = 'interrupted', finished_at = now()
         WHERE al_id = $1 AND generation = $2 AND role = $3 AND status = 'running'`,
        [alId, generation, role],
      );
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO al_engine_runs (al_id, generation, role, runner) VALUES ($1, $2, $3, $4) RETURNING id`,
        [alId, generation, role, engine.runner],
      );
      const runId = rows[0]!.id;
      try {
        const schedulerId =
          engine.runner === 'local'
            ? await runLocally(argv, dir)
            : await runThroughScheduler(argv, dir, {
                alId,
                generation,
                role,
                engine,
                settings,
                config,
                schedulers,
              });
        const metrics = await readOutputs(files.outputs, role, generation);
        await pool.query(
          `UPDATE al_engine_runs SET status = 'completed', scheduler_id = $2, metrics = $3, finished_at = now()
           WHERE id = $1`,
          [runId, schedulerId ?? null, JSON.stringify(metrics)],
        );
        await pool.query(
          `UPDATE al_generations SET metrics = metrics || jsonb_build_object($3::text, $4::jsonb)
           WHERE al_id = $1 AND generation = $2`,
          [alId, generation, role, JSON.stringify(metrics)],
        );
        await writeAtomic(donePath, JSON.stringify(metrics, null, 2));
        return { metrics, ran: true };
      } catch (error) {
        await pool.query(
          `UPDATE al_engine_runs SET status = 'failed', detail = $2, finished_at = now() WHERE id = $1`,
          [runId, (error as Error).message.slice(0, 2000)],
        );
        throw error;
      }
    },

    /** Turns the generator's structures into jobs of this generation's label campaign (idempotent). */
    async alPrepareLabels({
      alId,
      generation,
      settings,
    }: {
      alId: string;
      generation: number;
      settings: ActiveLearningSettings;
    }): Promise<{ campaignId: string; jobs: number }> {
      const f = generationFiles(config.dataRoot, alId, generation);
      const structures = await labelStructures(
        f.candidates,
        generation === 1 ? f.unlabelledHoldout : undefined,
      );
      const campaignId = labelCampaignId(alId, generation);
      await upsertCampaign(pool, campaignId, {
        activeLearning: alId,
        generation,
        orca: settings.label.orca,
        scheduler: settings.label.scheduler,
      });
      if (structures.length > 0) {
        await pool.query(
          `INSERT INTO jobs (campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra)
           SELECT $1, t.job_id, t.row_index, string_to_array(t.elements, ' '), t.natoms, 0, 1, t.geometry_xyz,
                  t.extra::jsonb
           FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[])
             AS t(job_id, row_index, elements, natoms, geometry_xyz, extra)
           ON CONFLICT DO NOTHING`,
          [
            campaignId,
            structures.map((_, i) => jobIdForRow(i)),
            structures.map((_, i) => i),
            structures.map((s) => hillElements(s.species).join(' ')),
            structures.map((s) => s.species.length),
            structures.map((s) => toXyz(s, String(s.info.id ?? ''))),
            structures.map((s) => JSON.stringify(jobExtra(s))),
          ],
        );
      }
      await pool.query(
        `UPDATE al_generations SET label_campaign_id = $3, label_total = $4 WHERE al_id = $1 AND generation = $2`,
        [alId, generation, campaignId, structures.length],
      );
      return { campaignId, jobs: structures.length };
    },

    /**
     * Reads the label campaign's energies: completed jobs join the dataset (previous generation's plus
     * these), failed ones are counted by reason. Generation 1 also fixes the labelled hold-out set.
     */
    async alCollectLabels({
      alId,
      generation,
      campaignId,
    }: {
      alId: string;
      generation: number;
      campaignId: string;
    }): Promise<{
      total: number;
      labelled: number;
      failed: number;
      failureReasons: Record<string, number>;
      datasetSize: number;
      holdoutSize: number;
    }> {
      const f = generationFiles(config.dataRoot, alId, generation);
      const structures = await labelStructures(
        f.candidates,
        generation === 1 ? f.unlabelledHoldout : undefined,
      );
      const { rows } = await pool.query<{
        row_index: number;
        status: string;
        reason: string | null;
        final_energy_eh: number | null;
      }>(
        `SELECT row_index, status, reason, final_energy_eh FROM jobs WHERE campaign_id = $1 ORDER BY row_index`,
        [campaignId],
      );
      const train: Structure[] = [];
      const holdout: Structure[] = [];
      const failureReasons: Record<string, number> = {};
      let failed = 0;
      for (const row of rows) {
        const structure = structures[row.row_index];
        if (!structure) continue;
        if (row.status === 'completed' && typeof row.final_energy_eh === 'number') {
          const labelled = { ...structure, info: { ...structure.info, energy: row.final_energy_eh } };
          (structure.info.split === 'holdout' ? holdout : train).push(labelled);
        } else {
          failed += 1;
          const reason = row.status === 'completed' ? 'no-energy' : (row.reason ?? row.status);
          failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
        }
      }
      const previous = f.previousDataset ? parseExtxyz(await readFile(f.previousDataset, 'utf8')) : [];
      const dataset = [...previous, ...train];
      await mkdir(path.dirname(f.dataset), { recursive: true });
      await writeAtomic(f.labelled, formatExtxyz(train));
      await writeAtomic(f.dataset, formatExtxyz(dataset));
      if (generation === 1) await writeAtomic(f.holdout, formatExtxyz(holdout));
      const holdoutSize = existsSync(f.holdout) ? parseExtxyz(await readFile(f.holdout, 'utf8')).length : 0;
      await pool.query(
        `UPDATE al_generations SET label_total = $3, labelled = $4, label_failed = $5, failure_reasons = $6,
           dataset_size = $7, holdout_size = $8 WHERE al_id = $1 AND generation = $2`,
        [
          alId,
          generation,
          rows.length,
          rows.length - failed,
          failed,
          failureReasons,
          dataset.length,
          holdoutSize,
        ],
      );
      await pool.query('UPDATE al_runs SET dataset_size = $2, updated_at = now() WHERE id = $1', [
        alId,
        dataset.length,
      ]);
      return {
        total: rows.length,
        labelled: rows.length - failed,
        failed,
        failureReasons,
        datasetSize: dataset.length,
        holdoutSize,
      };
    },

    async alFinishGeneration({ alId, record }: { alId: string; record: GenerationRecord }): Promise<void> {
      await pool.query(
        `UPDATE al_generations SET phase = 'done', train_rmse_eh = $3, holdout_rmse_eh = $4,
           max_uncertainty_eh = $5, mean_uncertainty_eh = $6, samples = $7, selected = $8,
           finished_at = coalesce(finished_at, now())
         WHERE al_id = $1 AND generation = $2`,
        [
          alId,
          record.generation,
          record.trainRmseEh,
          record.holdoutRmseEh,
          record.maxUncertaintyEh,
          record.meanUncertaintyEh,
          record.samples,
          record.selected,
        ],
      );
    },

    async alEnd({
      alId,
      status,
      stopReason,
      error,
    }: {
      alId: string;
      status: 'completed' | 'failed' | 'stopped';
      stopReason?: string;
      error?: string;
    }): Promise<void> {
      await pool.query(
        `UPDATE al_runs SET status = $2, stop_reason = $3, error = $4, phase = CASE WHEN $2 = 'failed' THEN phase ELSE 'done' END,
           updated_at = now() WHERE id = $1`,
        [alId, status, stopReason ?? null, error ?? null],
      );
    },
  };
}

interface GenerationRow {
  generation: number;
  label_campaign_id: string | null;
  label_total: number | null;
  labelled: number | null;
  label_failed: number | null;
  failure_reasons: Record<string, number>;
  dataset_size: number | null;
  holdout_size: number | null;
  train_rmse_eh: number | null;
  holdout_rmse_eh: number | null;
  max_uncertainty_eh: number | null;
  mean_uncertainty_eh: number | null;
  samples: number | null;
  selected: number | null;
}

function recordOf(row: GenerationRow): GenerationRecord {
  return {
    generation: row.generation,
    labelCampaignId: row.label_campaign_id ?? '',
    labelTotal: row.label_total ?? 0,
    labelled: row.labelled ?? 0,
    labelFailed: row.label_failed ?? 0,
    failureReasons: row.failure_reasons,
    datasetSize: row.dataset_size ?? 0,
    holdoutSize: row.holdout_size ?? 0,
    trainRmseEh: row.train_rmse_eh,
    holdoutRmseEh: row.holdout_rmse_eh,
    maxUncertaintyEh: row.max_uncertainty_eh,
    meanUncertaintyEh: row.mean_uncertainty_eh,
    samples: row.samples ?? 0,
    selected: row.selected ?? 0,
  };
}

function engineCommand(engine: EngineConfig, role: EngineRole): string[] {
  if (engine.command) return engine.command;
  if (!existsSync(BUILTIN_ENGINE_CLI)) {
    throw ApplicationFailure.create({
      type: 'EngineNotBuilt',
      message: `the built-in engines are not built (${BUILTIN_ENGINE_CLI} is missing): run \`npm run build\``,
      nonRetryable: true,
    });
  }
  return [process.execPath, BUILTIN_ENGINE_CLI, role];
}

/** Structures of a label campaign, in job row order: the candidates, then (generation 1) the hold-out set. */
async function labelStructures(candidatesFile: string, holdoutFile?: string): Promise<Structure[]> {
  const candidates = parseExtxyz(await readFile(candidatesFile, 'utf8'));
  const holdout =
    holdoutFile && existsSync(holdoutFile) ? parseExtxyz(await readFile(holdoutFile, 'utf8')) : [];
  return [
    ...candidates.map((s) => ({ ...s, info: { ...s.info, split: s.info.split ?? 'train' } })),
    ...holdout.map((s) => ({ ...s, info: { ...s.info, split: 'holdout' } })),
  ];
}

/** Info keys copied into the job row (`orcasim_fault` reaches the simulator like a CSV column would). */
function jobExtra(structure: Structure): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const key of ['id', 'split', 'molecule', 'orcasim_fault']) {
    const value = structure.info[key];
    if (value !== undefined) extra[key === 'id' ? 'structure_id' : key] = String(value);
  }
  return extra;
}

/** Distinct elements in Hill order (C, H, then alphabetical; alphabetical when there is no carbon). */
function hillElements(species: readonly string[]): string[] {
  const distinct = [...new Set(species)].sort();
  if (!distinct.includes('C')) return distinct;
  return ['C', ...(distinct.includes('H') ? ['H'] : []), ...distinct.filter((e) => e !== 'C' && e !== 'H')];
}

async function readOutputs(outputs: Record<string, string>, role: EngineRole, generation: number) {
  for (const [name, file] of Object.entries(outputs)) {
    if (!existsSync(file)) {
      throw ApplicationFailure.create({
        type: 'EngineOutputMissing',
        message: `the ${role} of generation ${generation} exited without writing its ${name} output ${file}`,
      });
    }
  }
  const parsed = engineMetricsSchema.safeParse(JSON.parse(await readFile(outputs.metrics!, 'utf8')));
  if (!parsed.success) {
    throw ApplicationFailure.create({
      type: 'EngineOutputInvalid',
      message: `the ${role}'s metrics file ${outputs.metrics} must be a flat JSON object of numbers`,
    });
  }
  return parsed.data;
}

function heartbeatWhile<T>(work: Promise<T>): Promise<T> {
  const timer = setInterval(() => Context.current().heartbeat(), HEARTBEAT_MS);
  return work.finally(() => clearInterval(timer));
}

/** Runs the engine as a child of the worker: argv, never a shell string. */
async function runLocally(argv: string[], dir: string): Promise<undefined> {
  const [program, ...args] = argv;
  const signal = Context.current().cancellationSignal;
  const result = await heartbeatWhile(
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        program!,
        args,
        { cwd: dir, signal, maxBuffer: 64 * 1024 * 1024, env: process.env },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    }),
  );
  await writeFile(path.join(dir, 'engine.log'), `${result.stdout}${result.stderr}`);
  if (result.code !== 0) {
    throw ApplicationFailure.create({
      type: 'EngineFailed',
      message: `engine ${path.basename(program!)} exited with ${result.code}: ${tail(result.stderr || result.stdout)}`,
    });
  }
  return undefined;
}

/**
 * Runs the engine as a job through the scheduler layer (a training job is an HPC job too). Job names
 * are deterministic, so a retried activity (e.g. after a worker crash) finds and waits for the job it
 * submitted before instead of submitting another; only a job that ended badly is followed by a new one.
 */
async function runThroughScheduler(
  argv: string[],
  dir: string,
  context: {
    alId: string;
    generation: number;
    role: EngineRole;
    engine: EngineConfig;
    settings: ActiveLearningSettings;
    config: Config;
    schedulers: SchedulerRegistry;
  },
): Promise<string> {
  const { alId, generation, role, engine, settings, config } = context;
  const engineScheduler = settings.engineScheduler ?? settings.label.scheduler;
  const adapter = context.schedulers.get(engineScheduler);
  const relativeDir = path.relative(config.dataRoot, dir);
  for (let attempt = 1; attempt <= 20; attempt++) {
    const name = jobName({ campaign: `al-${alId}`, job: `g${generation}-${role}`, attempt });
    let ref = (await adapter.findByName(name))[0];
    if (!ref) {
      const spec: JobSpec = {
        name,
        campaignRoot: config.dataRoot,
        workingDir: relativeDir,
        cores: engine.cores,
        memoryMb: engine.memoryMb,
        walltimeSeconds: Math.ceil(engine.walltimeMinutes * 60),
        queue: engineScheduler.partition,
        account: engineScheduler.account,
        // Engine jobs have always been given ORCASTRATE_MAXCORE_MB; kept so their environment is unchanged.
        env: orcaJobEnvironment(engine.memoryMb, engine.cores),
        command: argv,
        outputFile: `engine-${attempt}.out`,
        attempt,
        inheritEnv: inheritEnvFor(engineScheduler),
        localConcurrency: { group: `al-${alId}`, limit: engineScheduler.localConcurrency },
      };
      ref = { schedulerId: (await adapter.submit(spec)).schedulerId, name };
    }
    const found = ref;
    const status = await heartbeatWhile(
      (async () => {
        let unknown = 0;
        for (;;) {
          const current = (await adapter.statusMany([found])).get(found.schedulerId);
          if (current && TERMINAL_STATES.has(current.state)) return current;
          if (current?.state === 'unknown' && ++unknown > 30) return current;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      })(),
    );
    if (status.state === 'completed' && (status.exitCode ?? 0) === 0) return found.schedulerId;
    if (attempt >= 3) {
      throw ApplicationFailure.create({
        type: 'EngineFailed',
        message: `the ${role} job ${name} ended ${status.state} (exit ${status.exitCode ?? '?'}${status.reason ? `, ${status.reason}` : ''}); see ${dir}`,
      });
    }
  }
  throw new Error('unreachable');
}

function tail(text: string): string {
  const lines = text.trim().split('\n');
  return lines.slice(-5).join(' | ').slice(-1000);
}

async function writeAtomic(file: string, content: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}
