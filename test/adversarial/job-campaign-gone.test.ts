import { randomUUID } from 'node:crypto';
import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import { upsertCampaign } from '../../src/db';
import { orcaJob } from '../../src/workflows';
import { historyOf, scheduledActivities, settle } from '../campaign/job-workflows';
import { campaignInput, query, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';

/**
 * A job on local steps tells its campaign from an activity (concludeAttempt, finishJobAndNotify).
 * A campaign that is gone (finished, terminated, never existed) must not keep that activity retrying:
 * the job's row is written and the workflow closes as it would have.
 */
describe('a job whose campaign workflow is gone', () => {
  const harness = useRunningTestWorker('campaign-gone');

  function jobInput(campaignId: string, campaignWorkflowId: string) {
    const orca = campaignInput('/x.csv').orca;
    return {
      campaignId,
      jobId: 'row-000000',
      campaignWorkflowId,
      settings: {
        orca: { cores: 1, memoryMb: 2000, walltimeMinutes: 1, ...orca },
        scheduler: { kind: 'local' as const, localConcurrency: 1, exportEnv: [], exportModuleEnv: false },
        recovery: { strategy: 'fail-fast' as const, maxAttempts: 1 },
        graceMinutes: 0,
        pollIntervalSeconds: 1,
      },
    };
  }

  it('completes, its row written, when the campaign to tell does not exist', async () => {
    const campaignId = `gone-${randomUUID().slice(0, 8)}`;
    await upsertCampaign(harness.pool, campaignId, {});
    await ingestCsvIntoCampaign(harness.pool, campaignId, writeCampaignCsv(['']), {
      preset: 'default',
      keepColumns: [],
    });
    const workflowId = `${campaignId}/row-000000`;
    const handle = await harness.client.workflow.start(orcaJob, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId,
      args: [jobInput(campaignId, `no-such-campaign-${randomUUID().slice(0, 8)}`)],
    });
    expect(await settle(handle.result())).toEqual({
      value: { jobId: 'row-000000', status: 'completed', reason: 'normal-termination' },
    });
    const rows = await query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM jobs WHERE campaign_id = $1',
      [campaignId],
    );
    expect(rows).toEqual([{ status: 'completed', attempts: 1 }]);
    // concluded in one try: the missing campaign was not taken for a passing failure
    const events = await historyOf(harness.client, workflowId);
    expect(scheduledActivities(events)).toEqual(['prepareAndSubmitAttempt', 'concludeAttempt']);
    const failedTries = events.filter(
      (event) => (event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1,
    );
    expect(failedTries).toEqual([]);
  });

  it('fails with its reason, its row written, when a refused job cannot tell its campaign', async () => {
    const workflowId = `gone-refused-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(orcaJob, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId,
      args: [jobInput('nowhere', `no-such-campaign-${randomUUID().slice(0, 8)}`)],
    });
    const { failure } = await settle(handle.result());
    expect(failure?.type).toBe('OrcastratePrepareFailed');
    expect(failure?.message).toContain('job nowhere/row-000000 does not exist in Postgres');
  });
});
