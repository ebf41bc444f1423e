import { randomUUID } from 'node:crypto';
import { campaign } from '../../src/workflows';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, query, writeCampaignCsv } from './support';

describe('a campaign starts its job workflows in batches', () => {
  const harness = useRunningTestWorker('batch-starts');

  it('starts a whole window from one activity, as independent workflows that still report back', async () => {
    const rows = 24;
    const csv = writeCampaignCsv(Array.from({ length: rows }, () => ''));
    const campaignId = `b-${randomUUID().slice(0, 8)}`;
    const { client, config } = harness;
    const handle = await client.workflow.start(campaign, {
      taskQueue: config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(csv, { maxInFlight: rows })],
    });
    const summary = await handle.result();
    expect(summary.counts.completed).toBe(rows);

    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const childStarts = events.filter((event) => event.startChildWorkflowExecutionInitiatedEventAttributes);
    const batchStarts = events.filter(
      (event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'startJobWorkflows',
    );
    expect(childStarts).toHaveLength(0);
    // the first window (all rows) in one activity
    expect(batchStarts).toHaveLength(1);

    const [first] = await query<{ job_id: string }>(
      'SELECT job_id FROM jobs WHERE campaign_id = $1 ORDER BY row_index LIMIT 1',
      [campaignId],
    );
    const job = await client.workflow.getHandle(`${campaignId}/${first!.job_id}`).describe();
    expect(job.status.name).toBe('COMPLETED');
    expect(job.parentExecution).toBeUndefined();
  });
});
