import { WorkflowFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { campaign } from '../../src/workflows';
import { campaignStatusQuery } from '../../src/workflows/messages';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, query, writeCampaignCsv } from './support';

describe('campaign on the local runner with the ORCA simulator', () => {
  const harness = useRunningTestWorker('campaign');

  it('runs every job to the status its output deserves, recovering what the ladder can', async () => {
    const csv = writeCampaignCsv([
      '',
      '',
      'scf-not-converged',
      'error-termination',
      'hang attempts=1',
      'memory need=2000',
    ]);
    const campaignId = `c-${randomUUID().slice(0, 8)}`;
    const { client, config } = harness;
    const handle = await client.workflow.start(campaign, {
      taskQueue: config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(csv)],
    });
    const status = await handle.query(campaignStatusQuery);
    expect(status.campaignId).toBe(campaignId);
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
    expect(summary.ingest).toEqual({ good: 6, bad: 0, duplicates: 4 }); // rows alternate two structures

    const jobs = await query<{
      job_id: string;
      status: string;
      attempts: number;
      final_energy_eh: number | null;
    }>(
      'SELECT job_id, status, attempts, final_energy_eh FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
      [campaignId],
    );
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
      ['completed', 1],
      ['completed', 1],
      ['completed', 2],
      ['failed', 1],
      ['completed', 2],
      ['completed', 2],
    ]);
    expect(
      jobs.filter((j) => j.status === 'completed').every((j) => typeof j.final_energy_eh === 'number'),
    ).toBe(true);

    const attempts = await query<{
      job_id: string;
      attempt: number;
      status: string;
      reason: string;
      corrections: { action: string; to?: unknown }[];
      scheduler_id: string;
      job_dir: string;
      job_name: string;
    }>(
      'SELECT job_id, attempt, status, reason, corrections, scheduler_id, job_dir, job_name FROM attempts WHERE campaign_id = $1 ORDER BY job_id, attempt',
      [campaignId],
    );
    const of = (jobId: string) => attempts.filter((a) => a.job_id === jobId);
    expect(of('row-000002').map((a) => [a.status, a.reason])).toEqual([
      ['failed', 'scf-not-converged'],
      ['completed', 'normal-termination'],
    ]);
    expect(of('row-000002')[1]!.corrections).toContainEqual({
      handler: 'scf',
      action: 'add-keyword',
      to: 'SlowConv',
    });
    expect(of('row-000004').map((a) => [a.status, a.reason])).toEqual([
      ['timeout', 'walltime-exceeded'],
      ['completed', 'normal-termination'],
    ]);
    expect(of('row-000004')[1]!.corrections).toContainEqual({
      handler: 'walltime',
      action: 'raise-walltime-minutes',
      from: 0.1,
      to: 0.15,
    });
    expect(of('row-000005')[1]!.corrections).toContainEqual({
      handler: 'memory',
      action: 'raise-memory-mb',
      from: 2000,
      to: 3000,
    });
    // one scheduler submission per (job, attempt)
    expect(new Set(attempts.map((a) => a.scheduler_id)).size).toBe(attempts.length);
    // Each job script exports the %maxcore of its own job.inp: 1500 for 2000 MB on one core, 2250
    // after the memory handler raised it to 3000 MB.
    const maxcores = attempts.map((a) => {
      const input = readFileSync(path.join(a.job_dir, 'job.inp'), 'utf8');
      const script = readFileSync(path.join(a.job_dir, `orcastrate-${a.job_name}.sh`), 'utf8');
      return [
        /^%maxcore (\d+)$/m.exec(input)?.[1],
        /^export ORCASTRATE_MAXCORE_MB='(\d+)'$/m.exec(script)?.[1],
      ];
    });
    expect(maxcores.filter(([input, script]) => input === undefined || input !== script)).toEqual([]);
    expect(maxcores[attempts.indexOf(of('row-000005')[0]!)]).toEqual(['1500', '1500']);
    expect(maxcores[attempts.indexOf(of('row-000005')[1]!)]).toEqual(['2250', '2250']);
  });

  it('cancels a running job whose output went stale, long before its walltime, and retries it', async () => {
    const campaignId = `stale-${randomUUID().slice(0, 8)}`;
    const { client, config } = harness;
    const input = campaignInput(writeCampaignCsv(['hang attempts=1']), { staleOutputMinutes: 0.1 });
    input.orca = { ...input.orca, walltimeMinutes: 30 };
    const started = Date.now();
    const summary = await client.workflow.execute(campaign, {
      taskQueue: config.temporal.taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    expect(summary.counts.completed).toBe(1);
    expect(Date.now() - started).toBeLessThan(90_000);
    const attempts = await query<{ status: string; reason: string }>(
      'SELECT status, reason FROM attempts WHERE campaign_id = $1 ORDER BY attempt',
      [campaignId],
    );
    expect(attempts.map((a) => [a.status, a.reason])).toEqual([
      ['timeout', 'stale-output'],
      ['completed', 'normal-termination'],
    ]);
  });

  it('rejects invalid input with a non-retryable error naming the field', async () => {
    const { client, config } = harness;
    const bad = {
      ...campaignInput('/nonexistent.csv'),
      maxInFlight: 0,
      orca: { keywords: 'B3LYP', executable: 'orca' },
    };
    const error = await client.workflow
      .execute(campaign, {
        taskQueue: config.temporal.taskQueue,
        workflowId: `bad-${randomUUID().slice(0, 8)}`,
        args: [bad],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const message = String((error as WorkflowFailedError).cause?.message);
    expect(message).toMatch(/orca\.keywords: must start with "!"/);
    expect(message).toMatch(/orca\.executable: must be an absolute path/);
    expect(message).toMatch(/maxInFlight/);
  });
});
