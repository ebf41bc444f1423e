import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { campaign } from '../../src/workflows';
import {
  campaignStatusQuery,
  closeUpdate,
  resetFailedSignal,
  resetFailedUpdate,
  retryJobsUpdate,
} from '../../src/workflows/messages';
import { campaignInput, ORCASIM, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { actionsOf, attemptsOf, cliEnvironment, jobRows, waitUntilSettled } from '../operator/support';
import { BUILT_CLI, runNode, waitFor } from './support';

async function updateRefusal(update: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await update;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    const cause = error.cause;
    return cause instanceof ApplicationFailure
      ? { type: cause.type ?? undefined, message: cause.message }
      : { message: cause?.message ?? error.message };
  }
  throw new Error('the update was accepted');
}

describe('operator requests with bad input', () => {
  const harness = useRunningTestWorker('operator-bad');

  it('refuses malformed updates, unknown and unfinished jobs by name, and ignores malformed signals', async () => {
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `opbad-${randomUUID().slice(0, 8)}`,
      args: [
        campaignInput(writeCampaignCsv(['', 'error-termination', 'hang']), {
          closeAfterHours: 1,
          orca: { keywords: '! B3LYP def2-SVP OPT', executable: ORCASIM, walltimeMinutes: 5 },
        }),
      ],
    });
    const campaignId = handle.workflowId;
    await waitFor(async () => {
      const jobs = await jobRows(campaignId);
      return jobs.filter((j) => j.status === 'completed' || j.status === 'failed').length === 2;
    }, 60_000);
    const hanging = (await jobRows(campaignId)).find((j) => !['completed', 'failed'].includes(j.status))!;

    const badOverride = await updateRefusal(
      handle.executeUpdate(resetFailedUpdate, {
        args: [{ overrides: { memoryMb: 5, blocks: ['%pal nprocs 9 end'] } }],
      }),
    );
    expect(badOverride.message).toContain('overrides.memoryMb');
    expect(badOverride.message).toContain('overrides.blocks.0: %pal and %maxcore follow');
    const unknown = await updateRefusal(
      handle.executeUpdate(retryJobsUpdate, { args: [{ jobIds: ['row-999999', hanging.job_id] }] }),
    );
    expect(unknown.type).toBe('OperatorRequestRefused');
    expect(unknown.message).toContain('unknown job(s): row-999999');
    expect(unknown.message).toMatch(new RegExp(`not final yet: ${hanging.job_id} \\((submitted|running)\\)`));

    // a signal cannot be refused: it is ignored, the failed job stays failed
    await handle.signal(resetFailedSignal, { overrides: { cores: -3 } });
    await handle.signal(resetFailedSignal, 'reset everything' as never);
    expect((await handle.query(campaignStatusQuery)).phase).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await jobRows(campaignId)).filter((j) => j.status === 'failed')).toHaveLength(1);
    expect((await attemptsOf(campaignId)).filter((a) => a.attempt > 1)).toEqual([]);

    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    // refused and ignored requests are in the audit trail with the reason; the validator's refusals
    // never reach the workflow (the caller saw them). Two signals in one workflow task are recorded
    // concurrently, so the order is not asserted.
    const actions = (await actionsOf(campaignId)).map((a) => ({
      action: a.action,
      via: a.via,
      accepted: a.accepted,
      why: (a.refused_because ?? '').replace(/^.*?(row-999999|overrides\.cores|\(input\)).*$/, '$1'),
      jobs: a.jobs_affected,
    }));
    expect(actions).toHaveLength(4);
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'retryJobs', via: 'update', accepted: false, why: 'row-999999', jobs: null },
        { action: 'resetFailed', via: 'signal', accepted: false, why: 'overrides.cores', jobs: null },
        { action: 'resetFailed', via: 'signal', accepted: false, why: '(input)', jobs: null },
        { action: 'cancel', via: 'signal', accepted: true, why: '', jobs: 0 },
      ]),
    );
  });

  it('the CLI refuses bad flags before it sends anything, naming them (exit 2)', async () => {
    const env = cliEnvironment(harness.config.temporal.taskQueue);
    const cases: [string[], string][] = [
      [['reset-failed', 'some-campaign', '--memory-mb', '50'], 'overrides.memoryMb'],
      [['reset-failed', 'some-campaign', '--block', '%maxcore 100000'], 'overrides.blocks.0'],
      [['reset-failed', 'some-campaign', '--keywords', 'B3LYP'], 'overrides.keywords'],
      [['reset-failed', 'some-campaign', '--job', '../../etc'], 'jobIds.0'],
      [['retry', 'some-campaign', 'row 1'], 'jobIds.0'],
    ];
    for (const [args, named] of cases) {
      const run = await runNode(BUILT_CLI, args, env);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toContain(named);
    }
    const missing = await runNode(
      BUILT_CLI,
      ['reset-failed', `no-such-${randomUUID().slice(0, 6)}`],
      env,
      30_000,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no campaign workflow');
  });

  it('a close of a settled campaign closes it at once', async () => {
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `opclose-${randomUUID().slice(0, 8)}`,
      args: [campaignInput(writeCampaignCsv(['']), { closeAfterHours: 1 })],
    });
    await waitUntilSettled(handle);
    expect(await handle.executeUpdate(closeUpdate, { args: [{}] })).toBe('settled');
    expect((await handle.result()).counts.completed).toBe(1);
  });
});
