import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { SchedulerSettings } from '../../src/campaign/input';
import { REPORT_IDENTITY_PREFIX } from '../../src/schedulers/report-hook';
import { campaign } from '../../src/workflows';
import { attemptsOf, jobsOf } from '../crash/support';
import { attemptReportsOf } from './job-workflows';
import { campaignInput, writeCampaignCsv } from './support';

type AttemptRow = Awaited<ReturnType<typeof attemptsOf>>[number];

/**
 * The same six jobs on a real batch scheduler (SLURM or Flux): two clean, one SCF non-convergence and
 * one memory exhaustion that the ladder recovers, one permanent error termination. Checks every job's
 * status, attempts and verdicts, and that the job scripts reported through curl; returns the attempts
 * for the scheduler's own checks (one scheduler job per attempt name).
 */
export async function runSchedulerScenario(
  client: Client,
  taskQueue: string,
  kind: SchedulerSettings['kind'],
): Promise<{ campaignId: string; attempts: AttemptRow[] }> {
  const csv = writeCampaignCsv(['', '', 'scf-not-converged', 'error-termination', 'memory need=500', '']);
  const campaignId = `c${kind[0]}-${randomUUID().slice(0, 8)}`;
  const handle = await client.workflow.start(campaign, {
    taskQueue,
    workflowId: campaignId,
    args: [
      campaignInput(csv, {
        scheduler: { kind, exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
        orca: { ...campaignInput(csv).orca, memoryMb: 500, walltimeMinutes: 2 },
        pollIntervalSeconds: 1,
        graceMinutes: 0.5,
      }),
    ],
  });
  const summary = await handle.result();

  expect(summary.counts).toMatchObject({
    completed: 5,
    failed: 1,
    timeout: 0,
    ready: 0,
    running: 0,
    submitted: 0,
  });
  expect(summary.failureReasons).toEqual({ 'error-termination': 1 });
  const jobs = await jobsOf(campaignId);
  expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
    ['completed', 1],
    ['completed', 1],
    ['completed', 2],
    ['failed', 1],
    ['completed', 2],
    ['completed', 1],
  ]);
  expect(jobs.filter((j) => j.status === 'completed').every((j) => j.final_energy_eh !== null)).toBe(true);
  const attempts = await attemptsOf(campaignId);
  expect(attempts.map((a) => [a.job_id, a.attempt, a.status, a.reason])).toEqual([
    ['row-000000', 1, 'completed', 'normal-termination'],
    ['row-000001', 1, 'completed', 'normal-termination'],
    ['row-000002', 1, 'failed', 'scf-not-converged'],
    ['row-000002', 2, 'completed', 'normal-termination'],
    ['row-000003', 1, 'failed', 'error-termination'],
    ['row-000004', 1, 'failed', 'out-of-memory'],
    ['row-000004', 2, 'completed', 'normal-termination'],
    ['row-000005', 1, 'completed', 'normal-termination'],
  ]);
  // the jobs' hooks reported through curl (a report that lost the race to the poller finds its
  // workflow closed and is not in the history)
  const identities = (
    await Promise.all(jobs.map((job) => attemptReportsOf(client, `${campaignId}/${job.job_id}`)))
  ).flatMap((reports) => reports.map((report) => report.identity));
  expect(identities.length).toBeGreaterThan(0);
  expect(identities.filter((identity) => !identity.startsWith(REPORT_IDENTITY_PREFIX.curl))).toEqual([]);
  return { campaignId, attempts };
}
