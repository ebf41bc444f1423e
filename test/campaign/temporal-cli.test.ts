import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { CampaignSummary } from '../../src/workflows/campaign';
import type { CampaignStatus } from '../../src/workflows/messages';
import { waitFor } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, query, writeCampaignCsv } from './support';

const run = promisify(execFile);

/** The README's commands, run with the real Temporal CLI against the test server. */
async function temporal(...args: string[]): Promise<string> {
  const { temporalCli, temporalAddress, temporalNamespace } = readHarnessState();
  const { stdout } = await run(
    temporalCli,
    [...args, '--address', temporalAddress, '--namespace', temporalNamespace],
    {
      timeout: 30_000,
    },
  );
  return stdout;
}

/** `temporal workflow query --name status`, as the README shows it. */
async function statusQuery(campaignId: string): Promise<CampaignStatus> {
  const output = await temporal(
    'workflow',
    'query',
    '--workflow-id',
    campaignId,
    '--name',
    'status',
    '--output',
    'json',
  );
  return (JSON.parse(output) as { queryResult: [CampaignStatus] }).queryResult[0];
}

describe('campaigns driven from the Temporal CLI', () => {
  const harness = useRunningTestWorker('cli');

  it('starts with `workflow start`, answers `query status`, and resets failed jobs by update and by signal', async () => {
    const campaignId = `cli-${randomUUID().slice(0, 8)}`;
    // Rows 0 and 1 fail with an error termination (not retried by the ladder) until reset; row 3 hangs
    // through two walltime timeouts, which keeps the campaign open while we reset.
    const csv = writeCampaignCsv([
      'error-termination attempts=1',
      'error-termination attempts=2',
      '',
      'hang attempts=2',
    ]);
    const input = campaignInput(csv, { recovery: { strategy: 'adaptive', maxAttempts: 3 } });
    await temporal(
      'workflow',
      'start',
      '--task-queue',
      harness.config.temporal.taskQueue,
      '--type',
      'campaign',
      '--workflow-id',
      campaignId,
      '--input',
      JSON.stringify(input),
    );

    const failedBoth = await waitFor(
      'two failed jobs in the status query',
      async () => {
        const { counts } = await statusQuery(campaignId);
        return counts.failed === 2 ? counts : undefined;
      },
      60_000,
    );
    expect(failedBoth).toMatchObject({ failed: 2 });

    const updated = await temporal(
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      campaignId,
      '--name',
      'resetFailed',
      '--input',
      '{"maxFailCount": 5}',
    );
    expect(updated).toMatch(/Result\s+2/);

    // row 1 fails again on attempt 2; the signal form resets it once more
    await waitFor(
      'row 1 failed on attempt 2',
      async () => {
        const rows = await query<{ status: string; attempts: number }>(
          "SELECT status, attempts FROM jobs WHERE campaign_id = $1 AND job_id = 'row-000001'",
          [campaignId],
        );
        return rows[0]?.status === 'failed' && rows[0].attempts === 2 ? true : undefined;
      },
      60_000,
    );
    await temporal(
      'workflow',
      'signal',
      '--workflow-id',
      campaignId,
      '--name',
      'resetFailed',
      '--input',
      '{}',
    );

    const summary = await harness.client.workflow
      .getHandle<() => Promise<CampaignSummary>>(campaignId)
      .result();
    expect(summary.counts).toMatchObject({ completed: 4, failed: 0, timeout: 0 });
    const attempts = await query<{ job_id: string; n: string }>(
      'SELECT job_id, count(*) AS n FROM attempts WHERE campaign_id = $1 GROUP BY job_id ORDER BY job_id',
      [campaignId],
    );
    expect(attempts.map((a) => Number(a.n))).toEqual([2, 3, 1, 3]);

    // every reset job runs again under the same workflow id: 2 + 3 + 1 + 1 executions of 4 job workflows
    const listed = JSON.parse(
      await temporal('workflow', 'list', '--query', `OrcastrateCampaign="${campaignId}"`, '--output', 'json'),
    ) as { execution: { workflowId: string }; type: { name: string } }[];
    const jobRuns = listed.filter((e) => e.type.name === 'orcaJob');
    expect(jobRuns).toHaveLength(7);
    expect(new Set(jobRuns.map((e) => e.execution.workflowId)).size).toBe(4);
  });

  it('continues as new before history grows, without losing or repeating jobs', async () => {
    const campaignId = `can-${randomUUID().slice(0, 8)}`;
    const csv = writeCampaignCsv(['', '', '', '', '', '', '']);
    const handle = await harness.client.workflow.start('campaign', {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(csv, { continueAsNewAfterJobs: 2, maxInFlight: 3 })],
    });
    const summary = (await handle.result()) as CampaignSummary;
    expect(summary.counts.completed).toBe(7);
    // At least one continue-as-new is certain: a run that saw 2 jobs finish starts the next jobs, then
    // continues as new with them in flight. How many more depends on how many finish during its awaits
    // (if 6 of the 7 finish in the first run, the second has only the last one: a slow CI machine had 2).
    expect(summary.generations).toBeGreaterThanOrEqual(2);
    const attempts = await query<{ n: string }>('SELECT count(*) AS n FROM attempts WHERE campaign_id = $1', [
      campaignId,
    ]);
    expect(Number(attempts[0]!.n)).toBe(7);
  });

  it("the README's operator loop: update a settled campaign, then update-with-start a closed one", async () => {
    const campaignId = `clop-${randomUUID().slice(0, 8)}`;
    const taskQueue = harness.config.temporal.taskQueue;
    const input = campaignInput(writeCampaignCsv(['', 'error-termination attempts=2']), {
      closeAfterHours: 1,
    });
    await temporal(
      'workflow',
      'start',
      '--task-queue',
      taskQueue,
      '--type',
      'campaign',
      '--workflow-id',
      campaignId,
      '--input',
      JSON.stringify(input),
    );
    const phase = () => statusQuery(campaignId);
    await waitFor(
      'settled with one failed job',
      async () => ((await phase()).phase === 'settled' ? true : undefined),
      90_000,
    );

    // settled: the update reaches the open campaign
    const updated = await temporal(
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      campaignId,
      '--name',
      'resetFailed',
      '--input',
      '{"overrides":{"memoryMb":3000}}',
    );
    expect(updated).toMatch(/Result\s+1\b|"?result"?:?\s*1/i);
    await waitFor(
      'settled again',
      async () => {
        const status = await phase();
        return status.phase === 'settled' && status.counts.failed === 1 ? true : undefined;
      },
      90_000,
    );
    await temporal(
      'workflow',
      'update',
      'execute',
      '--workflow-id',
      campaignId,
      '--name',
      'close',
      '--input',
      '{}',
    );
    await harness.client.workflow.getHandle(campaignId).result();

    // closed: update-with-start begins a new run of the same id, attached to the jobs (no csvPath)
    const { csvPath: _csv, ...attach } = input;
    await temporal(
      'workflow',
      'execute-update-with-start',
      '--update-name',
      'resetFailed',
      '--update-input',
      '{}',
      '--workflow-id',
      campaignId,
      '--type',
      'campaign',
      '--task-queue',
      taskQueue,
      '--id-conflict-policy',
      'UseExisting',
      '--input',
      JSON.stringify({ ...attach, closeAfterHours: 0 }),
    );
    const summary = await harness.client.workflow
      .getHandle<() => Promise<CampaignSummary>>(campaignId)
      .result();
    expect(summary.counts).toMatchObject({ completed: 2, failed: 0 });
    const attempts = await query<{ job_id: string; attempt: number; memory: number }>(
      `SELECT job_id, attempt, (resources->>'memoryMb')::int AS memory FROM attempts WHERE campaign_id = $1 ORDER BY job_id, attempt`,
      [campaignId],
    );
    expect(attempts.map((a) => [a.attempt, a.memory])).toEqual([
      [1, 2000],
      [1, 2000],
      [2, 3000],
      [3, 3000],
    ]);
  });
});
