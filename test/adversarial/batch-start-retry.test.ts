import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { createJobStartActivities } from '../../src/activities/job-starts';
import type { JobWorkflowInput } from '../../src/jobs/types';
import { campaign } from '../../src/workflows';
import { campaignInput, query, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';

// Found by the chaos suite: a worker killed during startJobWorkflows gets the activity retried
// later, when some of its jobs had already finished; their closed workflow ids were started again
// and those jobs ran a second attempt (completed/2 where completed/1 was deserved).
describe('a late retry of a batch-start activity', () => {
  const harness = useRunningTestWorker('batch-start-retry');

  it('starts no second run of a job that already finished', async () => {
    const rows = 3;
    const campaignId = `bsr-${randomUUID().slice(0, 8)}`;
    const { client, config, pool } = harness;
    const handle = await client.workflow.start(campaign, {
      taskQueue: config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeCampaignCsv(Array.from({ length: rows }, () => '')), { maxInFlight: rows })],
    });
    expect((await handle.result()).counts.completed).toBe(rows);

    const jobs = await query<{ job_id: string }>(
      'SELECT job_id FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
      [campaignId],
    );
    const firstJob = client.workflow.getHandle(`${campaignId}/${jobs[0]!.job_id}`);
    const started = (await firstJob.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
    const input = defaultPayloadConverter.fromPayload<JobWorkflowInput>(started!.input!.payloads![0]!);

    // the activity's retry, with the batch its first try had
    const activities = createJobStartActivities(client, pool);
    const newRuns = await activities.startJobWorkflows({
      campaignId,
      campaignWorkflowId: campaignId,
      taskQueue: config.temporal.taskQueue,
      settings: { '': input.settings },
      jobs: jobs.map((job) => ({ jobId: job.job_id, settingsKey: '' })),
    });
    expect(newRuns).toBe(0);

    for (const job of jobs) {
      const runs = [];
      for await (const run of client.workflow.list({ query: `WorkflowId = '${campaignId}/${job.job_id}'` })) {
        runs.push(run.runId);
      }
      expect({ job: job.job_id, runs: runs.length }).toEqual({ job: job.job_id, runs: 1 });
    }
    const attempts = await query<{ job_id: string; attempt: number }>(
      'SELECT job_id, attempt FROM attempts WHERE campaign_id = $1 ORDER BY job_id, attempt',
      [campaignId],
    );
    expect(attempts).toHaveLength(rows);
  });
});
