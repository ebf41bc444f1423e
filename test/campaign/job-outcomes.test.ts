import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { jobStatusKey } from '../../src/campaign/search-attributes';
import { campaign } from '../../src/workflows';
import { waitFor } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { useRunningTestWorker } from '../harness/temporal';
import {
  historyOf,
  indexOfEvent,
  indexOfLastActivityCompleted,
  jobStatusTrail,
  listedWorkflowIds,
  scheduledActivities,
  settle,
} from './job-workflows';
import { campaignInput, ORCASIM, query, writeCampaignCsv } from './support';

const EventType = temporal.api.enums.v1.EventType;

/** Statuses a job workflow may show, in the order it may show them (each at most once in a row). */
const TRAIL_ORDER = ['ready', 'submitted', 'running'];

describe('job outcomes in Temporal: Failed job workflows, OrcastrateJobStatus, user metadata', () => {
  const harness = useRunningTestWorker('outcomes');

  it('a GTOInt error termination and a timeout close their job workflows Failed; the campaign completes', async () => {
    const campaignId = `out-${randomUUID().slice(0, 8)}`;
    // row 0 completes, row 1 fails (GTOInt), row 2 hangs through both attempts, row 3 heals on attempt 2
    const csv = writeCampaignCsv(['', 'error-termination', 'hang', 'scf-not-converged attempts=1']);
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(csv, { recovery: { strategy: 'adaptive', maxAttempts: 2 }, closeAfterHours: 0 })],
    });
    const summary = await handle.result();
    expect(summary.counts).toMatchObject({ completed: 2, failed: 1, timeout: 1, ready: 0, running: 0 });
    expect((await handle.describe()).status.name).toBe('COMPLETED');

    const job = (row: number) => harness.client.workflow.getHandle(`${campaignId}/row-00000${row}`);
    const failed = await settle(job(1).result());
    expect(failed.failure?.type).toBe('OrcaErrorTermination');
    expect(failed.failure?.nonRetryable).toBe(true);
    expect(failed.failure?.message).toBe(
      `row-000001 of campaign ${campaignId} ended failed: error-termination · ORCA module GTOInt · ` +
        'last error: ORCA finished by error termination in GTOInt (module GTOInt) · 1 attempt',
    );
    const timedOut = await settle(job(2).result());
    expect(timedOut.failure?.type).toBe('OrcaTimeout');
    expect(timedOut.failure?.message).toBe(
      `row-000002 of campaign ${campaignId} ended timeout: walltime-exceeded · ` +
        'last error: killed at the walltime limit · 2 attempts',
    );
    expect(await settle(job(0).result())).toEqual({
      value: { jobId: 'row-000000', status: 'completed', reason: 'normal-termination' },
    });
    expect(await settle(job(3).result())).toEqual({
      value: { jobId: 'row-000003', status: 'completed', reason: 'normal-termination' },
    });

    const described = await Promise.all([0, 1, 2, 3].map((row) => job(row).describe()));
    expect(described.map((d) => d.status.name)).toEqual(['COMPLETED', 'FAILED', 'FAILED', 'COMPLETED']);
    expect(described.map((d) => d.typedSearchAttributes.get(jobStatusKey))).toEqual([
      'completed',
      'failed',
      'timeout',
      'completed',
    ]);
    expect(await described[1]!.staticSummary()).toBe(`row-000001 · campaign ${campaignId}`);
    expect(await described[1]!.staticDetails()).toContain(
      `ORCA job **row-000001** of campaign **${campaignId}**`,
    );
    const metadata = await job(1).query<temporal.api.sdk.v1.IWorkflowMetadata>(
      '__temporal_workflow_metadata',
    );
    expect(metadata.currentDetails).toBe('row-000001 · failed: error-termination (GTOInt) · 1 attempt');
    const timeoutMetadata = await job(2).query<temporal.api.sdk.v1.IWorkflowMetadata>(
      '__temporal_workflow_metadata',
    );
    expect(timeoutMetadata.currentDetails).toBe('row-000002 · timeout: walltime-exceeded · 2 attempts');

    // A job on local steps: loadJobStart is a local activity (a marker), prepare+submit one activity,
    // evaluate+decide+record (job row and the campaign's signal) one activity.
    const completedJob = await historyOf(harness.client, `${campaignId}/row-000000`);
    expect(scheduledActivities(completedJob)).toEqual(['prepareAndSubmitAttempt', 'concludeAttempt']);
    expect(
      indexOfEvent(completedJob, EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED),
    ).toBe(-1);
    const campaignHeard = (await historyOf(harness.client, campaignId)).flatMap((event) => {
      const signal = event.workflowExecutionSignaledEventAttributes;
      const payload = signal?.signalName === 'jobFinished' ? signal.input?.payloads?.[0] : undefined;
      return payload ? [defaultPayloadConverter.fromPayload<{ jobId: string }>(payload).jobId] : [];
    });
    expect(campaignHeard.sort()).toEqual(['row-000000', 'row-000001', 'row-000002', 'row-000003']);

    // The failure comes last: after the activity that wrote the job row and told the campaign.
    for (const row of [1, 2]) {
      const events = await historyOf(harness.client, `${campaignId}/row-00000${row}`);
      const failedAt = indexOfEvent(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
      expect(failedAt).toBe(events.length - 1);
      const concludedAt = indexOfLastActivityCompleted(events);
      expect(scheduledActivities(events).at(-1)).toBe('concludeAttempt');
      expect(concludedAt).toBeGreaterThan(0);
      expect(failedAt).toBeGreaterThan(concludedAt);

      // ready at start, then only changes: submitted (again after a retry), running, the final status
      const trail = jobStatusTrail(events);
      expect(trail[0]).toBe('ready');
      expect(trail.at(-1)).toBe(row === 1 ? 'failed' : 'timeout');
      expect(trail.slice(1, -1).every((status) => status && TRAIL_ORDER.includes(status))).toBe(true);
      expect(trail.every((status, i) => i === 0 || status !== trail[i - 1])).toBe(true);
      expect(trail).toContain('submitted');

      // new code's histories replay too (upserts happen in signal handlers)
      await Worker.runReplayHistory(
        { workflowBundle: { codePath: readHarnessState().workflowBundlePath } },
        { events },
        `${campaignId}/row-00000${row}`,
      );
    }
    const rows = await query<{ job_id: string; status: string; reason: string | null }>(
      'SELECT job_id, status, reason FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
      [campaignId],
    );
    expect(rows.map((r) => [r.status, r.reason])).toEqual([
      ['completed', null],
      ['failed', 'error-termination'],
      ['timeout', 'walltime-exceeded'],
      ['completed', null],
    ]);

    // `temporal workflow list` (the real CLI) finds exactly the failed jobs of this campaign
    const byCli = (extra: string) => listedWorkflowIds(`OrcastrateCampaign="${campaignId}" AND ${extra}`);
    await waitFor(
      'visibility of the final statuses',
      async () => ((await byCli('OrcastrateJobStatus="completed"')).length === 2 ? true : undefined),
      30_000,
    );
    expect(await byCli('OrcastrateJobStatus="failed"')).toEqual([`${campaignId}/row-000001`]);
    expect(await byCli('OrcastrateJobStatus="timeout"')).toEqual([`${campaignId}/row-000002`]);
    expect(await byCli('ExecutionStatus="Failed"')).toEqual([
      `${campaignId}/row-000001`,
      `${campaignId}/row-000002`,
    ]);
    expect(await byCli('ExecutionStatus="Completed"')).toEqual([
      campaignId,
      `${campaignId}/row-000000`,
      `${campaignId}/row-000003`,
    ]);
  });

  it('a job is listable by OrcastrateJobStatus from its start: ready/submitted/running while it runs', async () => {
    const campaignId = `out-run-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(writeCampaignCsv(['hang']), {
          orca: { keywords: '! B3LYP def2-SVP OPT', executable: ORCASIM, walltimeMinutes: 5 },
          pollIntervalSeconds: 0.5,
          closeAfterHours: 0,
        }),
      ],
    });
    const jobId = `${campaignId}/row-000000`;
    await waitFor(
      'the hanging job listed as running',
      async () => {
        const listed = await listedWorkflowIds(
          `OrcastrateCampaign="${campaignId}" AND OrcastrateJobStatus="running"`,
        );
        return listed.length === 1 ? listed : undefined;
      },
      60_000,
    );
    expect(
      await listedWorkflowIds(`OrcastrateCampaign="${campaignId}" AND OrcastrateJobStatus="running"`),
    ).toEqual([jobId]);
    const metadata = await harness.client.workflow
      .getHandle(jobId)
      .query<temporal.api.sdk.v1.IWorkflowMetadata>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toBe('row-000000 · attempt 1 running');
    await handle.terminate('test done');
    const jobHandle = harness.client.workflow.getHandle(jobId);
    await jobHandle.cancel();
    expect(await settle(jobHandle.result())).toEqual({ cancelled: true });
    const trail = jobStatusTrail(await historyOf(harness.client, jobId));
    expect(trail).toEqual(['ready', 'submitted', 'running', 'cancelled']);
  });
});
