import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { campaign } from '../../src/workflows';
import {
  campaignStatusQuery,
  closeUpdate,
  resetFailedUpdate,
  retryJobsUpdate,
} from '../../src/workflows/messages';
import { BUILT_CLI, runNode } from '../adversarial/support';
import { campaignInput, query, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { actionsOf, attemptsOf, cliEnvironment, jobRows, waitUntilSettled } from './support';

const FAILS_ONCE = 'error-termination attempts=1';
const ORCA = campaignInput('/unused.csv').orca;

async function sourceIngestedAt(campaignId: string): Promise<Date | null> {
  const rows = await query<{ at: Date | null }>(
    'SELECT source_ingested_at AS at FROM campaigns WHERE id = $1',
    [campaignId],
  );
  return rows[0]?.at ?? null;
}

describe('the operator loop on a settled campaign', () => {
  const harness = useRunningTestWorker('settled');
  const start = (faults: string[], closeAfterHours: number) =>
    harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `settled-${randomUUID().slice(0, 8)}`,
      // a generous walltime: on a loaded machine a 6 s job can time out and take a second attempt
      args: [
        campaignInput(writeCampaignCsv(faults), {
          closeAfterHours,
          maxInFlight: 4,
          orca: { ...ORCA, walltimeMinutes: 1 },
        }),
      ],
    });

  it('stays open once every job is final; reset-failed resubmits exactly the failed jobs with the overrides', async () => {
    const handle = await start(['', FAILS_ONCE, '', FAILS_ONCE], 1);
    const campaignId = handle.workflowId;
    await waitUntilSettled(handle);
    const settled = await handle.query(campaignStatusQuery);
    expect({ counts: settled.counts, jobs: await jobRows(campaignId) }).toMatchObject({
      counts: { completed: 2, failed: 2 },
    });
    expect(Date.parse(settled.closesAt!) - Date.now()).toBeGreaterThan(55 * 60_000);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const failed = (await jobRows(campaignId)).filter((j) => j.status === 'failed').map((j) => j.job_id);
    expect(failed).toHaveLength(2);

    const reset = await handle.executeUpdate(resetFailedUpdate, {
      args: [
        {
          overrides: { memoryMb: 3000, walltimeMinutes: 2, blocks: ['%scf MaxIter 500 end'] },
          requestedBy: 'test-operator',
        },
      ],
    });
    expect(reset).toBe(2);
    await waitUntilSettled(handle);
    expect((await handle.query(campaignStatusQuery)).counts).toMatchObject({ completed: 4, failed: 0 });

    const attempts = await attemptsOf(campaignId);
    const second = attempts.filter((a) => a.attempt === 2);
    // one new attempt for each reset job, none for the others
    expect(second.map((a) => a.job_id).sort()).toEqual([...failed].sort());
    expect(attempts.filter((a) => a.attempt > 2)).toEqual([]);
    for (const attempt of second) {
      expect(attempt.resources).toMatchObject({ memoryMb: 3000, walltimeMinutes: 2 });
      expect(attempt.corrections).toEqual(
        expect.arrayContaining([
          { handler: 'operator', action: 'set-memory-mb', from: 2000, to: 3000 },
          { handler: 'operator', action: 'set-walltime-minutes', from: 1, to: 2 },
        ]),
      );
      const input = readFileSync(path.join(attempt.job_dir, 'job.inp'), 'utf8');
      expect(input).toContain('%scf MaxIter 500 end');
      expect(input).toMatch(/%maxcore 2\d{3}/);
    }
    const firstAttempts = attempts.filter((a) => a.attempt === 1);
    for (const attempt of firstAttempts) expect(attempt.corrections).toEqual([]);

    expect(await handle.executeUpdate(closeUpdate, { args: [{ requestedBy: 'test-operator' }] })).toBe(
      'settled',
    );
    const summary = await handle.result();
    expect(summary.counts).toMatchObject({ completed: 4, failed: 0 });
    expect(await actionsOf(campaignId)).toEqual([
      expect.objectContaining({
        action: 'resetFailed',
        via: 'update',
        accepted: true,
        jobs_affected: 2,
        identity: 'test-operator',
      }),
      expect.objectContaining({ action: 'close', via: 'update', accepted: true, identity: 'test-operator' }),
    ]);
  });

  it('retries named jobs of any final status; a close before settling waits for the jobs', async () => {
    const handle = await start(['', ''], 1);
    await waitUntilSettled(handle);
    const [first] = (await jobRows(handle.workflowId)).map((j) => j.job_id);
    expect(await handle.executeUpdate(retryJobsUpdate, { args: [{ jobIds: [first!] }] })).toBe(1);
    expect(await handle.executeUpdate(closeUpdate, { args: [{}] })).not.toBe('finished');
    const summary = await handle.result();
    expect(summary.counts).toMatchObject({ completed: 2 });
    const attempts = await attemptsOf(handle.workflowId);
    expect(attempts.map((a) => `${a.job_id}#${a.attempt}`)).toEqual(
      expect.arrayContaining([`${first}#1`, `${first}#2`]),
    );
    expect(attempts).toHaveLength(3);
    // no requestedBy: the identity is the client's, as Temporal's history recorded it
    const identity = harness.client.options.identity;
    expect(await actionsOf(handle.workflowId)).toEqual([
      expect.objectContaining({ action: 'retryJobs', accepted: true, jobs_affected: 1, identity }),
      expect.objectContaining({ action: 'close', accepted: true, identity }),
    ]);
  });

  it('resets a closed campaign through `orcastrate reset-failed`: a new run of the same id, attached to its jobs', async () => {
    const handle = await start(['', FAILS_ONCE], 0);
    const campaignId = handle.workflowId;
    expect((await handle.result()).counts).toMatchObject({ completed: 1, failed: 1 });
    const [failed] = (await jobRows(campaignId)).filter((j) => j.status === 'failed').map((j) => j.job_id);
    const ingestedAt = await sourceIngestedAt(campaignId);
    expect(ingestedAt).not.toBeNull();

    const run = await runNode(
      BUILT_CLI,
      ['reset-failed', campaignId, '--memory-mb', '2500'],
      cliEnvironment(harness.config.temporal.taskQueue),
      60_000,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`1 job(s) reset to ready in campaign ${campaignId}`);
    expect(run.stdout).toContain('a new run was started');
    expect(run.code).toBe(0);

    const reopened = harness.client.workflow.getHandle<typeof campaign>(campaignId);
    const summary = await reopened.result();
    expect(summary.counts).toMatchObject({ completed: 2, failed: 0 });
    const description = await reopened.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
    const attempts = await attemptsOf(campaignId);
    expect(attempts.map((a) => `${a.job_id}#${a.attempt}`)).toEqual(
      expect.arrayContaining([`${failed}#1`, `${failed}#2`]),
    );
    // only the memory changed: the walltime is still the campaign's
    expect(attempts.find((a) => a.attempt === 2)!.resources).toMatchObject({
      memoryMb: 2500,
      walltimeMinutes: 1,
    });
    // attached, not ingested again: the same source record and the same two jobs
    expect(await sourceIngestedAt(campaignId)).toEqual(ingestedAt);
    expect(await jobRows(campaignId)).toHaveLength(2);
    const [reopenedReset, ...others] = await actionsOf(campaignId);
    expect(others).toEqual([]);
    expect(reopenedReset).toMatchObject({ action: 'resetFailed', accepted: true, jobs_affected: 1 });
    expect(reopenedReset!.identity).toMatch(/@.* \(orcastrate CLI\)$/);
  });
});
