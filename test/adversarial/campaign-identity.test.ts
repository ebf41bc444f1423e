import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { campaign, orcaJob } from '../../src/workflows';
import { campaignInput, query, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { workflowFailure } from './support';

/** Every directory and file under the data root, for "nothing was touched" checks. */
function tree(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
}

describe('one identity rule: no campaign or job id can touch another campaign', () => {
  const harness = useRunningTestWorker('identity');

  it('a workflow id like rt-x/../rt-y without campaignId fails at once and leaves rt-y alone', async () => {
    const victim = `rt-y-${randomUUID().slice(0, 8)}`;
    const { client, config } = harness;
    const first = await client.workflow.start(campaign, {
      taskQueue: config.temporal.taskQueue,
      workflowId: victim,
      args: [campaignInput(writeCampaignCsv(['']))],
    });
    expect((await first.result()).counts.completed).toBe(1);
    const victimDir = path.join(config.dataRoot, victim, 'row-000000', 'attempt-1');
    const before = Object.fromEntries(
      ['input.xyz', 'job.out'].map((file) => [file, readFileSync(path.join(victimDir, file), 'utf8')]),
    );
    const mtimeBefore = statSync(path.join(victimDir, 'job.out')).mtimeMs;

    const escaping = `rt-x/../${victim}`;
    const handle = await client.workflow.start('campaign', {
      taskQueue: config.temporal.taskQueue,
      workflowId: escaping,
      args: [campaignInput(writeCampaignCsv(['', '']))],
    });
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('InvalidCampaignInput');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(JSON.stringify(escaping));
    expect(failure.message).toContain('give campaignId explicitly');

    for (const [file, content] of Object.entries(before)) {
      expect(readFileSync(path.join(victimDir, file), 'utf8')).toBe(content);
    }
    expect(statSync(path.join(victimDir, 'job.out')).mtimeMs).toBe(mtimeBefore);
    expect(existsSync(path.join(victimDir, '..', 'attempt-2'))).toBe(false);
    expect(await query('SELECT id FROM campaigns WHERE id = $1', [escaping])).toEqual([]);
    const victimJobs = await query<{ n: string }>('SELECT count(*) AS n FROM jobs WHERE campaign_id = $1', [
      victim,
    ]);
    expect(Number(victimJobs[0]!.n)).toBe(1);
  });

  it.each([
    ['a newline', (token: string) => `nl-${token}\nrow`],
    ['a command substitution', (token: string) => `cs-${token}-$(touch /tmp/orcastrate-pwned-${token})`],
    ['a leading ../', (token: string) => `../rt-escape-${token}`],
    ['300 characters', (token: string) => `long-${token}-`.padEnd(300, 'x')],
    ['a slash', (token: string) => `nested/${token}`],
  ])(
    'a defaulted campaign id with %s fails the workflow before anything touches disk or Postgres',
    async (_, make) => {
      const token = randomUUID().slice(0, 8);
      const workflowId = make(token);
      const { client, config } = harness;
      const before = tree(config.dataRoot);
      const startedAt = Date.now();
      const handle = await client.workflow.start('campaign', {
        taskQueue: config.temporal.taskQueue,
        workflowId,
        args: [campaignInput(writeCampaignCsv(['']))],
      });
      const failure = await workflowFailure(handle.result());
      expect(failure.type).toBe('InvalidCampaignInput');
      expect(Date.now() - startedAt).toBeLessThan(15_000);
      expect(tree(config.dataRoot)).toEqual(before);
      expect(existsSync(`/tmp/orcastrate-pwned-${token}`)).toBe(false);
      expect(await query('SELECT id FROM campaigns WHERE id = $1', [workflowId])).toEqual([]);
    },
  );

  it('an explicit campaignId that breaks the rule is refused the same way', async () => {
    const handle = await harness.client.workflow.start('campaign', {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `explicit-${randomUUID().slice(0, 8)}`,
      args: [{ ...campaignInput(writeCampaignCsv([''])), campaignId: '../other' }],
    });
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('InvalidCampaignInput');
    expect(failure.message).toContain('campaignId');
  });

  it('an active-learning loop id defaulted from a workflow id like al-x/../al-y is refused too', async () => {
    const handle = await harness.client.workflow.start('activeLearning', {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `al-x/../al-y-${randomUUID().slice(0, 8)}`,
      args: [{ label: { orca: campaignInput('/x.csv').orca } }],
    });
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('InvalidActiveLearningInput');
    expect(failure.message).toContain('alId: not given');
  });

  it('`--type orcaJob` started by hand with {} fails the workflow (not a workflow task retried forever)', async () => {
    const startedAt = Date.now();
    const handle = await harness.client.workflow.start('orcaJob', {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `bare-job-${randomUUID().slice(0, 8)}`,
      args: [{}],
    });
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('InvalidJobInput');
    expect(failure.message).toMatch(/campaignId/);
    expect(failure.message).toMatch(/settings/);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    const history = await handle.fetchHistory();
    const taskFailures = (history.events ?? []).filter((event) => event.workflowTaskFailedEventAttributes);
    expect(taskFailures).toHaveLength(0);
  });

  it('an orcaJob for a job id that could escape its campaign is refused', async () => {
    const handle = await harness.client.workflow.start(orcaJob, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `escape-job-${randomUUID().slice(0, 8)}`,
      args: [
        {
          campaignId: 'anything',
          jobId: '../../etc',
          settings: {
            orca: campaignInput('/x.csv').orca as never,
            scheduler: { kind: 'local', localConcurrency: 1, exportEnv: [], exportModuleEnv: false },
            recovery: { strategy: 'fail-fast', maxAttempts: 1 },
            graceMinutes: 0,
            pollIntervalSeconds: 1,
          },
        },
      ],
    });
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('InvalidJobInput');
    expect(failure.message).toContain('jobId');
  });

  it('an attempt directory owned by another workflow is never written into', async () => {
    const campaignId = `owned-${randomUUID().slice(0, 8)}`;
    const { client, config } = harness;
    const attemptDir = path.join(config.dataRoot, campaignId, 'row-000000', 'attempt-1');
    mkdirSync(attemptDir, { recursive: true });
    const owner = JSON.stringify({ workflowId: 'someone-else/row-000000', runId: 'r1' });
    writeFileSync(path.join(attemptDir, '.orcastrate-owner.json'), owner);
    writeFileSync(path.join(attemptDir, 'job.out'), 'precious output\n');

    const handle = await client.workflow.start(campaign, {
      taskQueue: config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeCampaignCsv(['']))],
    });
    const summary = await handle.result();
    expect(summary.counts.failed).toBe(1);
    const [reason] = Object.keys(summary.failureReasons);
    expect(reason).toMatch(
      /^prepare-failed: attempt directory .* belongs to workflow "someone-else\/row-000000"/,
    );
    expect(readFileSync(path.join(attemptDir, 'job.out'), 'utf8')).toBe('precious output\n');
    expect(readFileSync(path.join(attemptDir, '.orcastrate-owner.json'), 'utf8')).toBe(owner);
    expect(existsSync(path.join(attemptDir, 'input.xyz'))).toBe(false);
  });
});
