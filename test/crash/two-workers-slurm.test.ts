import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { campaign } from '../../src/workflows';
import { campaignStatusQuery } from '../../src/workflows/messages';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { WorkerProcess, assertBuilt, waitFor } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { connectTestClient, uniqueTaskQueue } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { activityRuns, campaignWorkflowIds, workflowTaskIdentities } from '../workers/support';
import { createSlurmShim, pidWaitingOnSbatch, shimEnv } from './slurm-shim';
import { activeSlurmJobsOf, attemptsOf, expectOneSlurmJobPerAttempt, jobsOf } from './support';

/** Names of every SLURM job of the campaign that SLURM still remembers, finished ones included. */
function slurmJobNamesOf(campaignId: string): string[] {
  return execFileSync('squeue', ['--noheader', '--states=all', '--format=%j'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter((name) => name.startsWith(`oc.${campaignId}.`))
    .sort();
}

// Issue 13, item 3: two worker processes on one task queue (two login nodes); one is SIGKILLed in
// the middle of a submission and never comes back. The other finishes the campaign alone.
describe('two workers on SLURM, one killed with SIGKILL mid-campaign', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('two-slurm');
  const dataRoot = path.join(realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-two-'))), 'campaigns');
  const shim = createSlurmShim();
  const workers = ['host-a', 'host-b'].map(
    (host) =>
      new WorkerProcess({
        temporalAddress: state.temporalAddress,
        databaseUrl: state.databaseUrl,
        taskQueue,
        dataRoot,
        // jobs take a few seconds; sbatch answers 2 s after SLURM accepted the job
        env: {
          TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
          ORCASTRATE_WORKER_HOST: host,
          ORCASIM_CYCLE_DELAY_MS: '1500',
          ...shimEnv(shim, 2),
        },
      }),
  );
  let client: Client;

  beforeAll(async () => {
    assertLocalSlurmRunning();
    assertBuilt();
    await Promise.all(workers.map((worker) => worker.start()));
    client = await connectTestClient();
  });
  afterAll(async () => {
    for (const worker of workers) await worker.kill9();
    await client?.connection.close();
  });

  it('loses no job, submits none twice and counts right with the survivor alone', async () => {
    const csv = writeCampaignCsv([
      ...Array.from({ length: 10 }, () => ''),
      'scf-not-converged attempts=1',
      'error-termination',
    ]);
    const campaignId = `two-${randomUUID().slice(0, 8)}`;
    const handle = await client.workflow.start(campaign, {
      taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(csv, {
          scheduler: { kind: 'slurm', exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
          orca: { ...campaignInput(csv).orca, memoryMb: 500, walltimeMinutes: 2 },
          maxInFlight: 6,
          pollIntervalSeconds: 1,
          graceMinutes: 0.5,
        }),
      ],
    });

    // The kill, mid-run (some jobs final, others running or queued): the worker whose sbatch SLURM
    // has accepted but whose job id it has not seen yet.
    const pids = workers.map((worker) => worker.pid!);
    const victimPid = await waitFor(
      'a worker waiting on an accepted sbatch once a few jobs are final',
      async () => {
        const final = (await jobsOf(campaignId)).filter((job) => job.finished).length;
        return final >= 3 ? pidWaitingOnSbatch(shim, pids) : undefined;
      },
      120_000,
      50,
    );
    const victim = workers.find((worker) => worker.pid === victimPid)!;
    const survivor = workers.find((worker) => worker !== victim)!;
    await victim.kill9();
    const killedAt = Date.now();
    const finalAtKill = (await jobsOf(campaignId)).filter((job) => job.finished).length;

    const summary = await handle.result();
    const afterKillMs = Date.now() - killedAt;
    console.log(
      `[two-workers] killed worker pid ${victimPid} with ${12 - finalAtKill} of 12 jobs open; the ` +
        `survivor finished the campaign ${(afterKillMs / 1000).toFixed(0)} s later`,
    );
    // the killed worker's activities come back after their 30 s heartbeat timeout, on the survivor
    expect(afterKillMs).toBeLessThan(150_000);
    expect(victim.running).toBe(false);
    expect(victim.incarnations).toBe(1);
    expect(survivor.running).toBe(true);
    expect(survivor.incarnations).toBe(1);

    // no job lost, counts right: the summary, the status query and Postgres agree
    const expected = {
      completed: 11,
      failed: 1,
      timeout: 0,
      cancelled: 0,
      ready: 0,
      submitted: 0,
      running: 0,
    };
    expect(summary.counts).toMatchObject(expected);
    expect(summary.failureReasons).toEqual({ 'error-termination': 1 });
    expect((await handle.query(campaignStatusQuery)).counts).toEqual(summary.counts);
    const jobs = await jobsOf(campaignId);
    const byStatus: Record<string, number> = {};
    for (const job of jobs) byStatus[job.status] = (byStatus[job.status] ?? 0) + 1;
    expect(byStatus).toEqual({ completed: 11, failed: 1 });
    expect(jobs.every((job) => job.finished)).toBe(true);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
      ...Array.from({ length: 10 }, () => ['completed', 1]),
      ['completed', 2],
      ['failed', 1],
    ]);

    // none submitted twice: exactly one SLURM job per attempt name, the one Postgres recorded, and
    // no SLURM job of the campaign outside those names
    const attempts = await attemptsOf(campaignId);
    expect(attempts).toHaveLength(13);
    expectOneSlurmJobPerAttempt(attempts);
    for (const attempt of attempts) {
      expect(['completed', 'failed']).toContain(attempt.status);
    }
    expect(slurmJobNamesOf(campaignId)).toEqual(attempts.map((attempt) => attempt.job_name).sort());
    // nothing left running
    expect(activeSlurmJobsOf(campaignId)).toEqual([]);

    // both workers took part; the submission cut short by the kill was retried by the survivor
    const workflowIds = await campaignWorkflowIds(campaignId);
    const identities = await workflowTaskIdentities(client, workflowIds);
    const victimIdentity = [...identities].find((identity) => identity.startsWith(`${victimPid}@`));
    expect(victimIdentity).toBeDefined();
    const activities = await activityRuns(client, workflowIds);
    expect(activities.some((run) => run.identity === victimIdentity)).toBe(true);
    const submits = activities.filter((run) => run.activity === 'prepareAndSubmitAttempt');
    const retried = submits.filter((run) => (run.attempt ?? 1) > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.some((run) => run.identity?.startsWith(`${survivor.pid}@`))).toBe(true);
    console.log(
      `[two-workers] ${submits.length} submits: ${submits.filter((r) => r.identity === victimIdentity).length} by ` +
        `the killed worker, ${retried.length} retried by the survivor after the kill`,
    );
  }, 240_000);
});
