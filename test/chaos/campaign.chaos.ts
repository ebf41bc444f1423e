/**
 * Issue 7, point 6: a 200-job campaign on the real local SLURM while a driver kills the worker five
 * times (SIGKILL), restarts the (private) Temporal dev server once, restarts the shared Postgres
 * once, and makes SLURM unreachable for two minutes. Run with `npm run test:chaos`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { campaign } from '../../src/workflows';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { activeSlurmJobsOf, attemptsOf, jobsOf, query } from '../crash/support';
import { WorkerProcess, assertBuilt, waitFor } from '../harness/processes';
import { createPrivateTemporalServer, type PrivateTemporalServer } from '../harness/topology';
import { readHarnessState } from '../harness/state';
import { uniqueTaskQueue } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';

const run = promisify(execFile);
const JOBS = 200;
const SLURM_OUTAGE_MS = 2 * 60_000;

/** Scripted faults: every 10th row needs a second attempt, every 25th fails for good. */
function faultOf(row: number): string {
  if (row % 25 === 7) return 'error-termination';
  if (row % 10 === 3) return 'scf-not-converged attempts=1';
  return '';
}
function deserved(row: number): { status: string; attempts: number } {
  const fault = faultOf(row);
  if (fault === 'error-termination') return { status: 'failed', attempts: 1 };
  if (fault) return { status: 'completed', attempts: 2 };
  return { status: 'completed', attempts: 1 };
}

/** Deterministic random moments (the seed is printed, so a failing schedule can be replayed). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every (name -> SLURM ids) SLURM has shown us during the run: catches duplicates even once purged. */
class SlurmNameWatch {
  readonly idsByName = new Map<string, Set<string>>();
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly prefix: string) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), 3_000);
  }

  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { stdout } = await run('squeue', ['--noheader', '--states=all', '--format=%j|%i'], {
        timeout: 20_000,
      });
      for (const line of stdout.split('\n')) {
        const [name, id] = line.trim().split('|');
        if (!name || !id || !name.startsWith(this.prefix)) continue;
        const ids = this.idsByName.get(name) ?? new Set<string>();
        ids.add(id);
        this.idsByName.set(name, ids);
      }
    } catch {
      // slurmctld is down on purpose for a while
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function slurmctldPid(): number | undefined {
  try {
    const pid = Number(readFileSync('/run/slurmctld.pid', 'utf8').trim());
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'slurmctld' ? pid : undefined;
  } catch {
    return undefined;
  }
}

describe('chaos: 200 jobs on SLURM through worker kills and Temporal, Postgres and SLURM outages', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('chaos');
  const dataRoot = path.join(
    realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-chaos-'))),
    'campaigns',
  );
  let server: PrivateTemporalServer;
  let worker: WorkerProcess;

  beforeAll(async () => {
    assertLocalSlurmRunning();
    assertBuilt();
    server = await createPrivateTemporalServer('chaos', state.databaseUrl);
    worker = new WorkerProcess({
      temporalAddress: server.address,
      namespace: server.namespace,
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot,
      env: { ORCASIM_CYCLE_DELAY_MS: '800' },
    });
    await worker.start();
  });
  afterAll(async () => {
    await worker?.kill9();
    await server?.stop();
    if (!slurmctldPid()) execFileSync('bash', [path.join(REPO_ROOT, 'scripts/local-slurm.sh'), 'up']);
  });

  it('ends every job as its output deserves: none lost, duplicated or wrongly failed', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
    const random = seeded(seed);
    const between = (lowMs: number, highMs: number) => lowMs + Math.floor(random() * (highMs - lowMs));
    const events: string[] = [];
    const began = Date.now();
    const note = (what: string) => {
      const line = `+${((Date.now() - began) / 1000).toFixed(0)}s ${what}`;
      events.push(line);
      console.log(`[chaos] ${line}`);
    };

    const csv = writeCampaignCsv(Array.from({ length: JOBS }, (_, row) => faultOf(row)));
    const campaignId = `chaos-${randomUUID().slice(0, 8)}`;
    const watch = new SlurmNameWatch(`oc.${campaignId}.`);
    watch.start();
    const base = campaignInput(csv);
    let client = new Client({
      connection: await Connection.connect({ address: server.address }),
      namespace: server.namespace,
    });
    await client.workflow.start(campaign, {
      taskQueue,
      workflowId: campaignId,
      args: [
        {
          ...base,
          orca: { ...base.orca, memoryMb: 500, walltimeMinutes: 5 },
          scheduler: { kind: 'slurm', exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
          maxInFlight: 40,
          pollIntervalSeconds: 2,
          graceMinutes: 1,
        },
      ],
    });
    await client.connection.close();
    note(`campaign ${campaignId} started, seed ${seed}`);

    const finishedJobs = async () => (await jobsOf(campaignId)).filter((j) => j.finished).length;
    let kills = 0;
    const killWorker = async () => {
      await worker.kill9();
      kills += 1;
      note(`worker killed (${kills})`);
      await new Promise((resolve) => setTimeout(resolve, between(500, 3_000)));
      await worker.start();
      note('worker restarted');
    };
    const pause = (lowMs: number, highMs: number) =>
      new Promise((resolve) => setTimeout(resolve, between(lowMs, highMs)));

    await waitFor(
      'the first finished jobs',
      async () => ((await finishedJobs()) >= 5 ? true : undefined),
      180_000,
    );
    await pause(0, 10_000);
    await killWorker();
    await pause(5_000, 20_000);

    await run('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', 'restart'], { timeout: 60_000 });
    note('Postgres restarted');
    await pause(5_000, 20_000);
    await killWorker();
    await pause(5_000, 20_000);

    await server.restart(between(1_000, 5_000));
    note(`Temporal ${state.topology === 'dev' ? 'dev server' : 'server (SIGKILL)'} restarted`);
    await pause(5_000, 15_000);
    await killWorker();
    await pause(5_000, 15_000);

    const ctld = slurmctldPid();
    if (!ctld) throw new Error('slurmctld is not running (no live pid in /run/slurmctld.pid)');
    process.kill(ctld, 'SIGTERM');
    const outageBegan = Date.now();
    note(`slurmctld stopped (pid ${ctld}): SLURM unreachable`);
    await pause(20_000, 60_000);
    await killWorker(); // a kill during the outage, too
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, outageBegan + SLURM_OUTAGE_MS - Date.now())),
    );
    await waitFor('slurmctld gone', () => Promise.resolve(slurmctldPid() ? undefined : true), 30_000);
    await run('bash', [path.join(REPO_ROOT, 'scripts/local-slurm.sh'), 'up'], { timeout: 120_000 });
    note('SLURM back up');
    await pause(5_000, 20_000);
    await killWorker();
    note(`all faults injected; ${await finishedJobs()} of ${JOBS} jobs final`);

    client = new Client({
      connection: await Connection.connect({ address: server.address }),
      namespace: server.namespace,
    });
    const summary = await client.workflow.getHandle<typeof campaign>(campaignId).result();
    await client.connection.close();
    note('campaign finished');
    await watch.sample();
    watch.stop();

    // every job ends in the status its output deserves; none was failed or timed out by the outages
    const jobs = await jobsOf(campaignId);
    expect(jobs).toHaveLength(JOBS);
    const attempts = await attemptsOf(campaignId);
    // each wrong job with its attempts: what each attempt ended as tells which fault misled it
    const attemptsText = (jobId: string) =>
      attempts
        .filter((a) => a.job_id === jobId)
        .map((a) => `#${a.attempt} ${a.status} (${a.reason}) ${a.scheduler_id}`)
        .join('; ');
    const wrong = jobs
      .map((job, row) => ({ job, want: deserved(row) }))
      .filter(({ job, want }) => job.status !== want.status || job.attempts !== want.attempts)
      .map(
        ({ job, want }) =>
          `${job.job_id}: ${job.status}/${job.attempts} (${job.reason}), deserved ${want.status}/${want.attempts}` +
          ` [attempts: ${attemptsText(job.job_id)}]`,
      );
    const failedFor = new Set(jobs.filter((j) => j.status === 'failed').map((j) => j.reason));
    const wantCompleted = Array.from({ length: JOBS }, (_, row) => deserved(row)).filter(
      (d) => d.status === 'completed',
    ).length;
    expect(summary.counts).toMatchObject({
      completed: wantCompleted,
      failed: JOBS - wantCompleted,
      timeout: 0,
    });
    expect(wrong).toEqual([]);
    expect([...failedFor]).toEqual(['error-termination']);

    // exactly one SLURM job per (job, attempt) name, the one Postgres recorded; none left running
    const duplicates = [...watch.idsByName]
      .filter(([, ids]) => ids.size > 1)
      .map(([name, ids]) => `${name}: ${[...ids].join(',')}`);
    expect(duplicates).toEqual([]);
    for (const attempt of attempts) {
      const seen = watch.idsByName.get(attempt.job_name);
      expect({ name: attempt.job_name, ids: seen ? [...seen] : [] }).toEqual({
        name: attempt.job_name,
        ids: [attempt.scheduler_id],
      });
      expect(attempt.status).not.toMatch(/timeout|submitted|running|prepared/);
    }
    expect(activeSlurmJobsOf(campaignId)).toEqual([]);

    // metrics rows complete
    const incomplete = await query<{ job_id: string }>(
      `SELECT job_id FROM jobs WHERE campaign_id = $1 AND status = 'completed'
         AND (metrics IS NULL OR final_energy_eh IS NULL OR scf_cycles IS NULL)
       UNION ALL
       SELECT job_id FROM attempts WHERE campaign_id = $1 AND (verdict IS NULL OR finished_at IS NULL)`,
      [campaignId],
    );
    expect(incomplete).toEqual([]);

    const faults = kills + 3; // worker kills + Temporal, Postgres and SLURM outages
    const lost = jobs.filter((j) => !j.finished).length;
    console.log(
      `chaos: ${JOBS} jobs, ${faults} faults injected, ${lost} lost, ${duplicates.length} duplicates, ` +
        `${wrong.length} wrongly failed (seed ${seed}, ${((Date.now() - began) / 60_000).toFixed(1)} min)\n` +
        events.join('\n'),
    );
  });
});
