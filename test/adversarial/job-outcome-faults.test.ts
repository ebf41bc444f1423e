import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CampaignInput } from '../../src/campaign/input';
import { jobStatusKey } from '../../src/campaign/search-attributes';
import { createScheduler } from '../../src/schedulers';
import { localRunnerStateDir } from '../../src/schedulers/local-state-dir';
import { campaign, orcaJob } from '../../src/workflows';
import { historyOf, jobStatusTrail, settle } from '../campaign/job-workflows';
import { campaignInput, ORCASIM, query, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { jobStatuses } from './campaign-scenarios';
import { waitFor } from './support';

const HANG_ORCA = { keywords: '! B3LYP def2-SVP OPT', executable: ORCASIM, walltimeMinutes: 5 };

/** What the job workflows of a campaign closed with, the failure type of the failed ones. */
describe('job workflows that end badly say why in Temporal, and never fail their campaign', () => {
  const harness = useRunningTestWorker('outcome-faults', assertLocalSlurmRunning);

  async function start(campaignId: string, faults: string[], overrides: Partial<CampaignInput> = {}) {
    return harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeCampaignCsv(faults), { closeAfterHours: 0, ...overrides })],
    });
  }
  const job = (campaignId: string, row = 0) =>
    harness.client.workflow.getHandle(`${campaignId}/row-00000${row}`);
  async function runningAttempt(campaignId: string) {
    await waitFor(async () => (await jobStatuses(campaignId)).includes('running'), 60_000, 'a running job');
    const [attempt] = await query<{ job_dir: string; scheduler_id: string; job_name: string }>(
      "SELECT job_dir, scheduler_id, job_name FROM attempts WHERE campaign_id = $1 AND job_id = 'row-000000'",
      [campaignId],
    );
    return attempt!;
  }

  it('a submission the scheduler refuses: OrcastrateSubmitRejected with its words', async () => {
    const campaignId = `of-rej-${randomUUID().slice(0, 8)}`;
    const handle = await start(campaignId, [''], {
      scheduler: { kind: 'slurm', partition: 'no-such-partition' },
    });
    expect((await handle.result()).counts).toMatchObject({ failed: 1 });
    const { failure } = await settle(job(campaignId).result());
    expect(failure?.type).toBe('OrcastrateSubmitRejected');
    expect(failure?.message).toMatch(
      new RegExp(
        `^row-000000 of campaign ${campaignId} ended failed: submit-rejected: .*invalid partition.* · 1 attempt$`,
        'i',
      ),
    );
    expect((await job(campaignId).describe()).typedSearchAttributes.get(jobStatusKey)).toBe('failed');
    expect(jobStatusTrail(await historyOf(harness.client, `${campaignId}/row-000000`))).toEqual([
      'ready',
      'failed',
    ]);
  });

  it('an attempt directory owned by another workflow: OrcastratePrepareFailed', async () => {
    const campaignId = `of-prep-${randomUUID().slice(0, 8)}`;
    const attemptDir = path.join(harness.config.dataRoot, campaignId, 'row-000000', 'attempt-1');
    mkdirSync(attemptDir, { recursive: true });
    writeFileSync(
      path.join(attemptDir, '.orcastrate-owner.json'),
      JSON.stringify({ workflowId: 'someone-else/row-000000', runId: 'r1' }),
    );
    const handle = await start(campaignId, ['']);
    expect((await handle.result()).counts).toMatchObject({ failed: 1 });
    const { failure } = await settle(job(campaignId).result());
    expect(failure?.type).toBe('OrcastratePrepareFailed');
    expect(failure?.message).toMatch(
      /ended failed: prepare-failed: attempt directory .* belongs to workflow/,
    );
  });

  it('a stand-alone orcaJob for a job Postgres does not know: OrcastratePrepareFailed, no attribute at start', async () => {
    const workflowId = `of-alone-${randomUUID().slice(0, 8)}`;
    const settings = campaignInput('/x.csv').orca;
    const handle = await harness.client.workflow.start(orcaJob, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId,
      args: [
        {
          campaignId: 'nowhere',
          jobId: 'row-000000',
          settings: {
            orca: { cores: 1, memoryMb: 2000, walltimeMinutes: 1, ...settings },
            scheduler: { kind: 'local', localConcurrency: 1, exportEnv: [], exportModuleEnv: false },
            recovery: { strategy: 'fail-fast', maxAttempts: 1 },
            graceMinutes: 0,
            pollIntervalSeconds: 1,
          },
        },
      ],
    });
    const { failure } = await settle(handle.result());
    expect(failure?.type).toBe('OrcastratePrepareFailed');
    expect(failure?.message).toContain('job nowhere/row-000000 does not exist in Postgres');
    expect(jobStatusTrail(await historyOf(harness.client, workflowId))).toEqual([undefined, 'failed']);
  });

  it('a running job whose directory is removed: OrcastrateJobLost (job-dir-missing)', async () => {
    const campaignId = `of-lost-${randomUUID().slice(0, 8)}`;
    const handle = await start(campaignId, ['hang'], {
      orca: HANG_ORCA,
      recovery: { strategy: 'fail-fast', maxAttempts: 1 },
    });
    const attempt = await runningAttempt(campaignId);
    rmSync(attempt.job_dir, { recursive: true, force: true });
    expect((await handle.result()).counts).toMatchObject({ failed: 1 });
    const { failure } = await settle(job(campaignId).result());
    expect(failure?.type).toBe('OrcastrateJobLost');
    expect(failure?.message).toMatch(
      /ended failed: job-dir-missing · last error: the scheduler lost the job/,
    );
  });

  it('a job cancelled in the scheduler behind our back: status cancelled, the workflow Completed (not Failed)', async () => {
    const campaignId = `of-scancel-${randomUUID().slice(0, 8)}`;
    const handle = await start(campaignId, ['hang'], { orca: HANG_ORCA });
    const attempt = await runningAttempt(campaignId);
    const local = createScheduler('local', { stateDir: localRunnerStateDir(harness.config.dataRoot) });
    await local.cancel({ schedulerId: attempt.scheduler_id, name: attempt.job_name });
    expect((await handle.result()).counts).toMatchObject({ cancelled: 1 });
    expect(await settle(job(campaignId).result())).toEqual({
      value: { jobId: 'row-000000', status: 'cancelled', reason: 'cancelled-in-scheduler' },
    });
    expect((await job(campaignId).describe()).typedSearchAttributes.get(jobStatusKey)).toBe('cancelled');
  });

  it('one job workflow cancelled in Temporal closes Canceled; its campaign goes on and completes', async () => {
    const campaignId = `of-cancel-${randomUUID().slice(0, 8)}`;
    const handle = await start(campaignId, ['hang', ''], { orca: HANG_ORCA, maxInFlight: 1 });
    await runningAttempt(campaignId);
    await job(campaignId, 0).cancel();
    expect(await settle(job(campaignId, 0).result())).toEqual({ cancelled: true });
    const summary = await handle.result();
    expect(summary.counts).toMatchObject({ cancelled: 1, completed: 1, failed: 0 });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const described = await job(campaignId, 0).describe();
    expect(described.status.name).toBe('CANCELLED');
    expect(described.typedSearchAttributes.get(jobStatusKey)).toBe('cancelled');
    expect(await jobStatuses(campaignId)).toEqual(['cancelled', 'completed']);
  });
});
