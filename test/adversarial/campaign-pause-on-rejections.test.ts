import { randomUUID } from 'node:crypto';
import { pauseReasonKey } from '../../src/campaign/search-attributes';
import { campaign } from '../../src/workflows';
import { campaignStatusQuery, resumeSignal } from '../../src/workflows/messages';
import { campaignInput, query, writeCampaignCsv } from '../campaign/support';
import { activeSlurmJobsOf } from '../crash/support';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { orcastrateCli } from './campaign-scenarios';
import { waitFor } from './support';

describe('a scheduler that refuses every submission pauses the campaign instead of failing every job', () => {
  const harness = useRunningTestWorker('rejections', () => {
    assertLocalSlurmRunning();
    assertBuilt();
  });

  it('fails 3 jobs with the scheduler’s words, pauses with the reason, and again after resume', async () => {
    const campaignId = `rej-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(writeCampaignCsv(Array.from({ length: 10 }, () => '')), {
          scheduler: { kind: 'slurm', partition: 'no-such-partition' },
          maxInFlight: 1,
          pollIntervalSeconds: 1,
        }),
      ],
    });
    await waitFor(async () => (await handle.query(campaignStatusQuery)).phase === 'paused', 90_000, 'paused');
    const status = await handle.query(campaignStatusQuery);
    expect(status.pauseReason).toMatch(
      /^paused after 3 jobs in a row could not be submitted; last: submit-rejected: /,
    );
    expect(status.pauseReason).toMatch(/invalid partition/i);

    const jobs = await query<{ status: string; reason: string | null }>(
      'SELECT status, reason FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
      [campaignId],
    );
    expect(jobs.filter((job) => job.status === 'failed')).toHaveLength(3);
    expect(jobs.filter((job) => job.status === 'ready')).toHaveLength(7);
    for (const job of jobs.filter((j) => j.status === 'failed')) {
      expect(job.reason).toMatch(/^submit-rejected: .*invalid partition/i);
    }
    expect(activeSlurmJobsOf(campaignId)).toEqual([]);

    await waitFor(
      async () => {
        const described = await handle.describe();
        const reason = described.typedSearchAttributes.get(pauseReasonKey);
        return typeof reason === 'string' && /invalid partition/i.test(reason);
      },
      30_000,
      'OrcastratePauseReason search attribute',
    );

    const { stdout } = await orcastrateCli(['status', campaignId]);
    expect(stdout).toContain('phase paused');
    expect(stdout).toMatch(/PAUSED BY ITSELF: paused after 3 jobs in a row could not be submitted/);
    expect(stdout).toContain(`--workflow-id "${campaignId}" --name resume`);

    // the operator resumes without fixing anything: three more refusals, paused again
    await handle.signal(resumeSignal);
    await waitFor(
      async () => {
        const rows = await query<{ n: string }>(
          "SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status = 'failed'",
          [campaignId],
        );
        return Number(rows[0]!.n) === 6 && (await handle.query(campaignStatusQuery)).phase === 'paused';
      },
      90_000,
      'paused again after three more refusals',
    );
    await handle.terminate('test done');
  });
});
