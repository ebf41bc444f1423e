import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { generationFiles } from '../../src/active-learning/layout';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { activeLearning } from '../../src/workflows/active-learning';
import { query } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import { uniqueTaskQueue } from '../harness/temporal';
import { alInput, assertBuilt } from './support';

const WORKER = path.join(REPO_ROOT, 'dist/workers/main.js');

describe('active learning survives a worker killed during generation 2 training', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('al-resume');
  const dataRoot = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-al-resume-')), 'campaigns');
  const logDir = mkdtempSync(path.join(tmpdir(), 'orcastrate-al-worker-'));
  const workers: ChildProcess[] = [];
  let client: Client;

  /** The real worker, as a separate process, exactly as the stack starts it. */
  function startWorker(label: string): ChildProcess {
    const log = openSync(path.join(logDir, `${label}.log`), 'a');
    const child = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: state.temporalAddress,
        TEMPORAL_NAMESPACE: state.temporalNamespace,
        DATABASE_URL: state.databaseUrl,
        ORCASTRATE_TASK_QUEUE: taskQueue,
        ORCASTRATE_DATA_ROOT: dataRoot,
      },
      stdio: ['ignore', log, log],
    });
    workers.push(child);
    return child;
  }

  beforeAll(async () => {
    assertBuilt();
    client = new Client({
      connection: await Connection.connect({ address: state.temporalAddress }),
      namespace: state.temporalNamespace,
    });
  });
  afterAll(async () => {
    for (const worker of workers)
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGTERM');
    await client.connection.close();
  });

  it('does not redo generation 1 and completes the loop', async () => {
    const alId = `alr-${randomUUID().slice(0, 8)}`;
    const first = startWorker('first');
    const handle = await client.workflow.start(activeLearning, {
      taskQueue,
      workflowId: alId,
      args: [
        alInput({
          maxGenerations: 3,
          engines: {
            // training is a scheduler job (the local runner here); slow enough to be caught in the act
            trainer: { runner: 'scheduler', walltimeMinutes: 5, options: { pauseSeconds: 6 } },
          },
        }),
      ],
    });

    // caught in the act: generation 2's training job is submitted and running
    const trainerDir = path.dirname(generationFiles(dataRoot, alId, 2).model);
    await waitFor(async () => {
      const [run] = await query<{ generation: number; phase: string }>(
        'SELECT generation, phase FROM al_runs WHERE id = $1',
        [alId],
      );
      if (run?.generation !== 2 || run.phase !== 'train') return false;
      const running = await query<{ id: string }>(
        `SELECT id FROM al_engine_runs WHERE al_id = $1 AND generation = 2 AND role = 'trainer' AND status = 'running'`,
        [alId],
      );
      return running.length === 1 && existsSync(path.join(trainerDir, 'engine-1.out'));
    }, 300_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const killedDuring = await query<{ role: string; status: string }>(
      `SELECT role, status FROM al_engine_runs WHERE al_id = $1 AND generation = 2 ORDER BY id`,
      [alId],
    );
    expect(killedDuring[killedDuring.length - 1]).toEqual({ role: 'trainer', status: 'running' });

    startWorker('second');
    const summary = await handle.result();
    expect(summary.stopReason).toBe('max-generations');
    expect(summary.generations.map((g) => g.generation)).toEqual([1, 2, 3]);

    // generation 1 was not redone: one engine run per role, one attempt per labelling job
    const gen1Runs = await query<{ role: string; status: string }>(
      'SELECT role, status FROM al_engine_runs WHERE al_id = $1 AND generation = 1 ORDER BY id',
      [alId],
    );
    expect(gen1Runs).toEqual(
      ['generator', 'trainer', 'inference', 'selector'].map((role) => ({ role, status: 'completed' })),
    );
    const [gen1Jobs] = await query<{ jobs: string; attempts: string }>(
      `SELECT count(DISTINCT (a.job_id)) AS jobs, count(*) AS attempts FROM attempts a WHERE a.campaign_id = $1`,
      [`${alId}.gen-1.label`],
    );
    expect(Number(gen1Jobs!.attempts)).toBe(Number(gen1Jobs!.jobs));
    expect(Number(gen1Jobs!.jobs)).toBe(summary.generations[0]!.labelTotal);

    // generation 2's training job survived the kill and was picked up again, not submitted twice
    const trainerRuns = await query<{ status: string; detail: string | null }>(
      `SELECT status, detail FROM al_engine_runs WHERE al_id = $1 AND generation = 2 AND role = 'trainer' ORDER BY id`,
      [alId],
    );
    expect(trainerRuns).toEqual([
      { status: 'failed', detail: 'interrupted' },
      { status: 'completed', detail: null },
    ]);
    expect(readdirSync(trainerDir).filter((f) => /^engine-\d+\.out$/.test(f))).toEqual(['engine-1.out']);
    expect(existsSync(generationFiles(dataRoot, alId, 3).model)).toBe(true);
  }, 900_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
