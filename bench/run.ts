/**
 * `npm run bench`: issue 7's figures, measured side by side in ONE run on real parts (a private
 * Temporal dev server, the local Postgres, the local runner, the local SLURM), written to
 * bench/RESULTS.md with the command that produced them. Headline figures are ratios and counts
 * measured within this run; times are context only (the machine is shared and noisy).
 *
 *   npm run bench [-- --sizes 1000,10000] [--size-cap-minutes 8] [--latency-jobs 40]
 *                 [--load 10,100,1000] [--ingest-rows 100000] [--parse-size-mb 1024] [--only a,b]
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';

import { createActivities } from '../src/activities';
import { createCampaignDbActivities, ingestCsvIntoCampaign } from '../src/activities/campaign-db';
import { SchedulerRegistry } from '../src/activities/deps';
import { createJobAttemptActivities } from '../src/activities/job-attempts';
import { createPollerActivities } from '../src/activities/poller';
import { withHeartbeats } from '../src/activities/heartbeat';
import type { CampaignInput, SchedulerSettings } from '../src/campaign/input';
import { loadConfig, type Config } from '../src/config';
import { dropDatabase, ensureDatabase, migrate } from '../src/db/migrate';
import { createPool } from '../src/db/pool';
import { upsertCampaign } from '../src/db';
import { generateArchitectorCsv } from '../src/ingest';
import { jobName, SlurmAdapter, type JobSpec, type SchedulerAdapter } from '../src/schedulers';
import { PrivateDevServer } from '../test/harness/processes';
import { noopActivities } from './engine/activities';

function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src', 'orca'))) return dir;
  }
  throw new Error('cannot find the repository root');
}
const ROOT = repoRoot();
const COMPILED_ROOT = path.resolve(__dirname, '..'); // dist/bench: src/ is compiled next to bench/

/**
 * src/ is compiled under dist/bench, and some modules find files relative to themselves: job scripts
 * call <compiled src>/../../bin/orcastrate, the migration runner reads ../../migrations. Link both.
 */
function linkBinAndCli(): void {
  for (const dir of ['bin', 'migrations']) {
    if (!existsSync(path.join(COMPILED_ROOT, dir)))
      symlinkSync(path.join(ROOT, dir), path.join(COMPILED_ROOT, dir));
  }
  process.env.TEMPORAL_CLI ??= path.join(ROOT, '.tools/bin/temporal');
}

const run = promisify(execFile);
const ORCASIM = path.join(ROOT, 'bin/orcasim');
const WORKFLOW_BUNDLE = path.join(ROOT, 'dist/workflow-bundle.js');
const WATER = 'O 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200';

interface Options {
  sizes: number[];
  sizeCapMinutes: number;
  latencyJobs: number;
  load: number[];
  ingestRows: number;
  parseSizeMb: number;
  only?: Set<string>;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    sizes: [1000, 10000],
    sizeCapMinutes: 8,
    latencyJobs: 40,
    load: [10, 100, 1000],
    ingestRows: 100_000,
    parseSizeMb: 1024,
  };
  const list = (value: string | undefined) => (value ?? '').split(',').filter(Boolean).map(Number);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[++i];
    if (arg === '--sizes') options.sizes = list(value);
    else if (arg === '--size-cap-minutes') options.sizeCapMinutes = Number(value);
    else if (arg === '--latency-jobs') options.latencyJobs = Number(value);
    else if (arg === '--load') options.load = list(value);
    else if (arg === '--ingest-rows') options.ingestRows = Number(value);
    else if (arg === '--parse-size-mb') options.parseSizeMb = Number(value);
    else if (arg === '--only') options.only = new Set((value ?? '').split(','));
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text: string) => console.log(`[bench] ${text}`);
const fmt = (n: number, digits = 1) => n.toFixed(digits);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Peak RSS of this process (it hosts the worker) while `during` runs. */
async function withPeakRss<T>(during: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  try {
    const value = await during();
    return { value, peakRssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** A scheduler registry whose adapters submit jobs WITHOUT the completion hook (poll-only path). */
class PollOnlyRegistry extends SchedulerRegistry {
  override get(settings: SchedulerSettings): SchedulerAdapter {
    const adapter = super.get(settings);
    return new Proxy(adapter, {
      get(target, property, receiver) {
        if (property === 'submit') {
          return (spec: JobSpec) => target.submit({ ...spec, report: undefined });
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

interface Stack {
  server: PrivateDevServer;
  client: Client;
  connection: NativeConnection;
  pool: Pool;
  databaseUrl: string;
  workDir: string;
}

/** Runs `body` with an in-process worker of our real workflows (self-report or poll-only). */
async function withOurWorker<T>(
  stack: Stack,
  mode: 'self-report' | 'poll-only',
  body: (taskQueue: string, config: Config) => Promise<T>,
): Promise<T> {
  const taskQueue = `bench-${mode}-${randomUUID().slice(0, 6)}`;
  const config = loadConfig({
    TEMPORAL_ADDRESS: stack.server.address,
    DATABASE_URL: stack.databaseUrl,
    ORCASTRATE_TASK_QUEUE: taskQueue,
    ORCASTRATE_DATA_ROOT: path.join(stack.workDir, `data-${taskQueue}`),
  });
  let activities: object;
  if (mode === 'self-report') {
    activities = createActivities({ pool: stack.pool, config, client: stack.client });
  } else {
    mkdirSync(config.dataRoot, { recursive: true });
    const registry = new PollOnlyRegistry(config.dataRoot);
    activities = withHeartbeats({
      ...createCampaignDbActivities(stack.pool),
      ...createJobAttemptActivities(stack.pool, config, registry),
      ...createPollerActivities(stack.pool, stack.client, registry),
    });
  }
  const worker = await Worker.create({
    connection: stack.connection,
    taskQueue,
    workflowBundle: { codePath: WORKFLOW_BUNDLE },
    activities,
  });
  const running = worker.run();
  try {
    return await body(taskQueue, config);
  } finally {
    worker.shutdown();
    await running;
  }
}

/** A job "program" that prints a complete ORCA-like output at once (no Node start-up). */
function instantExecutable(dir: string, sleepSeconds = 0): string {
  const sample = path.join(dir, 'sample');
  mkdirSync(sample, { recursive: true });
  writeFileSync(path.join(sample, 'job.inp'), `! B3LYP def2-SVP OPT\n* xyz 0 1\n${WATER}\n*\n`);
  const output = execFileSync(ORCASIM, ['job.inp'], { cwd: sample, encoding: 'utf8' });
  writeFileSync(path.join(dir, 'instant.out'), output);
  const file = path.join(dir, `instant-orca-${sleepSeconds}.sh`);
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      sleepSeconds > 0 ? `sleep ${sleepSeconds}` : ':',
      `cat "${path.join(dir, 'instant.out')}"`,
      // the instant this job ended, for the latency measurement
      'date +%s%N >ended-at-ns',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

async function ingestWaterJobs(pool: Pool, campaignId: string, jobs: number, dir: string): Promise<void> {
  const csv = path.join(dir, `${campaignId}.csv`);
  const rows = Array.from({ length: jobs }, () => `"${WATER}",0,0`);
  writeFileSync(csv, ['aligned_csd_core,charge,uhf', ...rows].join('\n') + '\n');
  await upsertCampaign(pool, campaignId, {});
  await ingestCsvIntoCampaign(pool, campaignId, csv, { preset: 'default', keepColumns: [] });
}

function campaignSettings(campaignId: string, executable: string, extra: Partial<CampaignInput> = {}) {
  const input: CampaignInput = {
    campaignId,
    orca: { keywords: '! B3LYP def2-SVP OPT', executable, cores: 1, memoryMb: 500, walltimeMinutes: 30 },
    scheduler: { kind: 'local', localConcurrency: 32 },
    recovery: { strategy: 'adaptive', maxAttempts: 2 },
    maxInFlight: 200,
    pollIntervalSeconds: 1,
    graceMinutes: 1,
    ...extra,
  };
  return input;
}

async function historyLength(client: Client, workflowId: string, runId?: string): Promise<number> {
  const description = await client.workflow.getHandle(workflowId, runId).describe();
  return description.historyLength;
}

async function finalCount(pool: Pool, campaignId: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status IN ('completed','failed','timeout','cancelled')",
    [campaignId],
  );
  return Number(rows[0]!.n);
}

interface ThroughputResult {
  jobs: number;
  finished: number;
  seconds: number;
  jobsPerSecond: number;
  complete: boolean;
  peakRssMb: number;
  jobHistory?: number;
  campaignRuns?: number;
  lastRunHistory?: number;
}

/** Runs a workflow to completion or to the cap; progress counted by `progress`. */
async function timed(
  start: () => Promise<{ result: () => Promise<unknown> }>,
  progress: () => Promise<number>,
  jobs: number,
  capMs: number,
): Promise<Omit<ThroughputResult, 'peakRssMb'>> {
  const began = Date.now();
  const handle = await start();
  const outcome = await Promise.race([
    handle.result().then(() => 'done' as const),
    sleep(capMs).then(() => 'cap' as const),
  ]);
  const seconds = (Date.now() - began) / 1000;
  const finished = outcome === 'done' ? jobs : await progress();
  return { jobs, finished, seconds, jobsPerSecond: finished / seconds, complete: outcome === 'done' };
}

async function engineCeiling(stack: Stack, jobs: number, capMs: number): Promise<ThroughputResult> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./engine/workflows'),
    logger: new DefaultLogger('ERROR'),
  });
  const taskQueue = `bench-bare-${randomUUID().slice(0, 6)}`;
  const worker = await Worker.create({
    connection: stack.connection,
    taskQueue,
    workflowBundle: bundle,
    activities: noopActivities,
  });
  const running = worker.run();
  const id = `bare-${jobs}-${randomUUID().slice(0, 6)}`;
  try {
    const { value, peakRssMb } = await withPeakRss(() =>
      timed(
        async () => {
          const handle = await stack.client.workflow.start('bareCampaign', {
            taskQueue,
            workflowId: id,
            args: [{ jobs, maxInFlight: 200, continueAsNewAfterJobs: 500 }],
          });
          return { result: () => handle.result() };
        },
        async () => {
          let n = 0;
          for await (const _ of stack.client.workflow.list({
            query: `WorkflowType = 'bareJob' AND ExecutionStatus = 'Completed' AND TaskQueue = '${taskQueue}'`,
          }))
            n += 1;
          return n;
        },
        jobs,
        capMs,
      ),
    );
    const jobHistory = await historyLength(stack.client, `${id}/j0`);
    const runs = await countRuns(stack.client, id);
    return { ...value, peakRssMb, jobHistory, campaignRuns: runs.runs, lastRunHistory: runs.lastHistory };
  } finally {
    await stack.client.workflow
      .getHandle(id)
      .terminate('bench cap')
      .catch(() => undefined);
    worker.shutdown();
    await running;
  }
}

async function countRuns(client: Client, workflowId: string): Promise<{ runs: number; lastHistory: number }> {
  let runs = 0;
  for await (const _ of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs += 1;
  return { runs, lastHistory: await historyLength(client, workflowId) };
}

async function ourCampaign(
  stack: Stack,
  jobs: number,
  capMs: number,
  mode: 'self-report' | 'poll-only',
): Promise<ThroughputResult> {
  const campaignId = `ours-${mode}-${jobs}-${randomUUID().slice(0, 6)}`;
  await ingestWaterJobs(stack.pool, campaignId, jobs, stack.workDir);
  const executable = instantExecutable(path.join(stack.workDir, campaignId));
  return withOurWorker(stack, mode, async (taskQueue) => {
    const { value, peakRssMb } = await withPeakRss(() =>
      timed(
        async () => {
          const handle = await stack.client.workflow.start('campaign', {
            taskQueue,
            workflowId: campaignId,
            args: [campaignSettings(campaignId, executable)],
          });
          return { result: () => handle.result() };
        },
        () => finalCount(stack.pool, campaignId),
        jobs,
        capMs,
      ),
    );
    const jobHistory = await historyLength(stack.client, `${campaignId}/row-000000`);
    const runs = await countRuns(stack.client, campaignId);
    await stack.client.workflow
      .getHandle(campaignId)
      .terminate('bench cap')
      .catch(() => undefined);
    return { ...value, peakRssMb, jobHistory, campaignRuns: runs.runs, lastRunHistory: runs.lastHistory };
  });
}

interface LatencyResult {
  jobs: number;
  p50: number;
  p99: number;
  max: number;
}

async function completionLatency(
  stack: Stack,
  jobs: number,
  mode: 'self-report' | 'poll-only',
  pollIntervalSeconds: number,
): Promise<LatencyResult> {
  const campaignId = `lat-${mode}-${randomUUID().slice(0, 6)}`;
  await ingestWaterJobs(stack.pool, campaignId, jobs, stack.workDir);
  const executable = instantExecutable(path.join(stack.workDir, campaignId), 1);
  await withOurWorker(stack, mode, async (taskQueue, config) => {
    await stack.client.workflow.execute('campaign', {
      taskQueue,
      workflowId: campaignId,
      // 4 at a time, each ~1 s: jobs end one after another, not in one burst
      args: [campaignSettings(campaignId, executable, { maxInFlight: 4, pollIntervalSeconds })],
    });
    return config;
  });
  const { rows } = await stack.pool.query<{ job_dir: string; finished_ms: string }>(
    `SELECT a.job_dir, (extract(epoch FROM j.finished_at) * 1000)::bigint AS finished_ms
     FROM jobs j JOIN attempts a USING (campaign_id, job_id) WHERE j.campaign_id = $1 AND j.status = 'completed'`,
    [campaignId],
  );
  const latencies = rows.map((row) => {
    const endedNs = BigInt(readFileSync(path.join(row.job_dir, 'ended-at-ns'), 'utf8').trim());
    return Number(row.finished_ms) - Number(endedNs / 1_000_000n);
  });
  if (latencies.length !== jobs) throw new Error(`latency: ${latencies.length} of ${jobs} jobs completed`);
  return {
    jobs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
}

interface LoadResult {
  inFlight: number;
  spawnsPerPoll: number;
  pollMs: number;
  submitSeconds: number;
}

/** Real SLURM jobs in flight; one real poll (our poller activity) counted in process spawns. */
async function schedulerLoad(stack: Stack, counts: number[]): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  const slurm = new SlurmAdapter();
  for (const inFlight of counts) {
    const campaignId = `load-${inFlight}-${randomUUID().slice(0, 6)}`;
    const root = path.join(stack.workDir, campaignId);
    mkdirSync(root, { recursive: true });
    await upsertCampaign(stack.pool, campaignId, {});
    await ingestWaterJobs(stack.pool, campaignId, inFlight, stack.workDir);
    const submitStarted = Date.now();
    const ids: string[] = [];
    const lanes = 8;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < inFlight) {
          const row = next++;
          const jobId = `row-${String(row).padStart(6, '0')}`;
          const name = jobName({ campaign: campaignId, job: jobId, attempt: 1 });
          const { schedulerId } = await slurm.submit({
            name,
            campaignRoot: root,
            workingDir: jobId,
            cores: 1,
            memoryMb: 100,
            walltimeSeconds: 600,
            command: ['/bin/sleep', '600'],
            outputFile: 'job.out',
            attempt: 1,
          });
          ids.push(schedulerId);
          await stack.pool.query(
            `INSERT INTO attempts (campaign_id, job_id, attempt, job_name, job_dir, scheduler, scheduler_id, status, resources)
             VALUES ($1, $2, 1, $3, $4, 'slurm', $5, 'submitted', '{}')`,
            [campaignId, jobId, name, path.join(root, jobId), schedulerId],
          );
        }
      }),
    );
    const submitSeconds = (Date.now() - submitStarted) / 1000;
    const registry = new SchedulerRegistry(root);
    const adapter = registry.get({
      kind: 'slurm',
      localConcurrency: 1,
      exportEnv: [],
      exportModuleEnv: false,
    }) as SlurmAdapter;
    const poller = createPollerActivities(stack.pool, stack.client, registry);
    const polls = 3;
    const before = adapter.runner.spawnCount;
    const pollStarted = Date.now();
    for (let i = 0; i < polls; i++) {
      await poller.pollCampaign({
        campaignId,
        scheduler: { kind: 'slurm', localConcurrency: 1, exportEnv: [], exportModuleEnv: false },
      });
    }
    const pollMs = (Date.now() - pollStarted) / polls;
    const spawnsPerPoll = (adapter.runner.spawnCount - before) / polls;
    for (let i = 0; i < ids.length; i += 200) {
      await run('scancel', ids.slice(i, i + 200)).catch(() => undefined);
    }
    results.push({ inFlight, spawnsPerPoll, pollMs, submitSeconds });
    log(`scheduler load: ${inFlight} in flight -> ${spawnsPerPoll} spawns per poll (${fmt(pollMs, 0)} ms)`);
  }
  return results;
}

interface IngestResult {
  rows: number;
  oursSeconds: number;
  psqlSeconds: number;
  ratio: number;
}

async function ingestVersusPsql(stack: Stack, rows: number): Promise<IngestResult> {
  const csv = path.join(stack.workDir, 'architector.csv');
  const out = createWriteStream(csv);
  for (const line of generateArchitectorCsv(rows, 7)) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const campaignId = `ingest-${randomUUID().slice(0, 6)}`;
  await upsertCampaign(stack.pool, campaignId, {});
  const began = Date.now();
  const counts = await ingestCsvIntoCampaign(stack.pool, campaignId, csv, {
    preset: 'default',
    keepColumns: ['name', 'metal'],
  });
  const oursSeconds = (Date.now() - began) / 1000;
  if (counts.good !== rows) throw new Error(`ingest: ${counts.good} of ${rows} rows are jobs`);

  // psql \copy of the same rows, same columns, into an equivalent table (same constraints and indexes)
  const rowsCsv = path.join(stack.workDir, 'jobs-rows.csv');
  const columns =
    'campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra';
  await run('psql', [
    stack.databaseUrl,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `\\copy (SELECT ${columns} FROM jobs WHERE campaign_id = '${campaignId}') TO '${rowsCsv}' CSV`,
  ]);
  await stack.pool.query(
    'CREATE TABLE bench_jobs_copy (LIKE jobs INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
  );
  const copyStarted = Date.now();
  await run('psql', [
    stack.databaseUrl,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `\\copy bench_jobs_copy (${columns}) FROM '${rowsCsv}' CSV`,
  ]);
  const psqlSeconds = (Date.now() - copyStarted) / 1000;
  const { rows: copied } = await stack.pool.query<{ n: string }>('SELECT count(*) AS n FROM bench_jobs_copy');
  if (Number(copied[0]!.n) !== rows) throw new Error('psql \\copy did not load every row');
  return { rows, oursSeconds, psqlSeconds, ratio: oursSeconds / psqlSeconds };
}

async function parserBench(sizeMb: number): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'bench:parse', '--', '--size-mb', String(sizeMb)], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  linkBinAndCli();
  const wants = (part: string) => !options.only || options.only.has(part);
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const workDir = mkdtempSync(path.join(tmpdir(), 'orcastrate-bench-'));
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/orcastrate_bench_${Date.now().toString(36)}`;
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  const server = await PrivateDevServer.create('bench');
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const stack: Stack = { server, client, connection, pool, databaseUrl, workDir };
  const started = new Date();
  const lines: string[] = [];
  const section = (title: string) => lines.push('', `## ${title}`, '');
  const capMs = options.sizeCapMinutes * 60_000;

  try {
    if (wants('throughput')) {
      section('1. Engine ceiling vs our campaign (jobs/s, same dev server, same run)');
      lines.push(
        'Bare = `bench/engine/workflows.ts`: a parent keeping 200 children in flight, each child running the',
        'five no-op activities `orcaJob` runs per attempt and signalling its parent. Ours = the real',
        '`campaign` (maxInFlight 200, poll 1 s) on the local runner (32 slots), instant jobs (a shell script',
        'printing a complete simulator output). Self-report = the default path (each job script runs',
        '`bin/orcastrate report`); poll-only = the same jobs submitted without the hook. Capped at',
        `${options.sizeCapMinutes} min per run: a capped run reports the jobs finished by then.`,
        '',
        '| jobs | variant | finished | jobs/s | ratio to ceiling | history events per job | campaign runs (continue-as-new) | events in last run | peak RSS of bench+worker process |',
        '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      );
      for (const jobs of options.sizes) {
        log(`throughput: bare ceiling with ${jobs} jobs`);
        const bare = await engineCeiling(stack, jobs, capMs);
        const row = (variant: string, r: ThroughputResult, ratio: string) =>
          lines.push(
            `| ${jobs} | ${variant} | ${r.finished}${r.complete ? '' : ' (capped)'} | ${fmt(r.jobsPerSecond)} | ${ratio} | ${r.jobHistory ?? '?'} | ${r.campaignRuns ?? '?'} | ${r.lastRunHistory ?? '?'} | ${fmt(r.peakRssMb, 0)} MB |`,
          );
        row('bare ceiling', bare, '100 %');
        log(`  bare: ${fmt(bare.jobsPerSecond)} jobs/s`);
        for (const mode of ['self-report', 'poll-only'] as const) {
          log(`throughput: our campaign (${mode}) with ${jobs} jobs`);
          const ours = await ourCampaign(stack, jobs, capMs, mode);
          const ratio = ours.jobsPerSecond / bare.jobsPerSecond;
          row(`ours, ${mode}`, ours, `**${fmt(100 * ratio, 0)} %**`);
          log(`  ours ${mode}: ${fmt(ours.jobsPerSecond)} jobs/s = ${fmt(100 * ratio, 0)} % of the ceiling`);
          console.log(
            `throughput ${jobs} jobs: ceiling ${fmt(bare.jobsPerSecond)} jobs/s, ours (${mode}) ${fmt(ours.jobsPerSecond)} jobs/s, ratio ${fmt(100 * ratio, 0)} %`,
          );
        }
      }
    }

    if (wants('latency')) {
      section('2. Completion -> Postgres latency (job end instant -> status row final)');
      const poll = 2;
      lines.push(
        `${options.latencyJobs} jobs per path, 4 in flight, each ending ~1 s after it starts; poll interval ${poll} s.`,
        'The end instant is written by the job program itself (`date +%s%N` after its output);',
        '`jobs.finished_at` is set by the `finishJob` activity. Same machine clock.',
        '',
        '| path | jobs | p50 | p99 | max |',
        '| --- | ---: | ---: | ---: | ---: |',
      );
      for (const mode of ['self-report', 'poll-only'] as const) {
        log(`latency: ${mode}`);
        const r = await completionLatency(stack, options.latencyJobs, mode, poll);
        lines.push(
          `| ${mode} | ${r.jobs} | ${fmt(r.p50, 0)} ms | ${fmt(r.p99, 0)} ms | ${fmt(r.max, 0)} ms |`,
        );
        console.log(`latency ${mode}: p50 ${fmt(r.p50, 0)} ms, p99 ${fmt(r.p99, 0)} ms`);
      }
    }

    if (wants('load')) {
      section('3. Scheduler load: commands per poll (real SLURM, our poller activity)');
      lines.push(
        'Jobs (`sleep 600`) submitted to the local SLURM and recorded as in flight; three polls of the real',
        '`pollCampaign` activity; spawns counted by `CommandRunner.spawnCount`.',
        '',
        '| jobs in flight | scheduler commands per poll | poll wall time |',
        '| ---: | ---: | ---: |',
      );
      for (const r of await schedulerLoad(stack, options.load)) {
        lines.push(`| ${r.inFlight} | **${r.spawnsPerPoll}** | ${fmt(r.pollMs, 0)} ms |`);
      }
    }

    if (wants('ingest')) {
      section('4. Ingest: our path vs psql \\copy (same rows, same columns, equivalent table)');
      log(`ingest: ${options.ingestRows} rows`);
      const r = await ingestVersusPsql(stack, options.ingestRows);
      lines.push(
        `${r.rows} generated architector-style rows (\`generateArchitectorCsv\`): \`ingestCsvIntoCampaign\``,
        '(CSV parse, validation, geometry, one transaction) vs `psql \\copy` of the resulting rows into',
        '`CREATE TABLE ... (LIKE jobs INCLUDING ALL constraints and indexes)`.',
        '',
        '| rows | ours | psql \\copy | ours / psql |',
        '| ---: | ---: | ---: | ---: |',
        `| ${r.rows} | ${fmt(r.oursSeconds)} s | ${fmt(r.psqlSeconds)} s | **${fmt(r.ratio, 2)}×** |`,
      );
      console.log(`ingest ${r.rows} rows: ours/psql = ${fmt(r.ratio, 2)}x`);
    }

    if (wants('parse')) {
      section('5. ORCA parser vs grep (`npm run bench:parse`)');
      log(`parser: ${options.parseSizeMb} MB`);
      const text = await parserBench(options.parseSizeMb);
      lines.push('```', text, '```');
    }
  } finally {
    await client.connection.close();
    await connection.close();
    await server.stop();
    await pool.end();
    await dropDatabase(databaseUrl).catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }

  const header = [
    '# orcastrate benchmark results',
    '',
    `Produced by \`${command}\` on ${started.toISOString()} (${process.platform}, ${execFileSync('nproc', {
      encoding: 'utf8',
    }).trim()} cores, shared machine: compare the ratios, not the times).`,
    'Every figure below comes from this one run.',
  ];
  const file = path.join(ROOT, 'bench/RESULTS.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = previous.includes('<!-- notes -->') ? previous.slice(previous.indexOf('<!-- notes -->')) : '';
  writeFileSync(file, [...header, ...lines, '', notes].join('\n').trimEnd() + '\n');
  log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
