import { randomUUID } from 'node:crypto';
import { JOB_STATUSES } from '../../src/campaign/statuses';
import { insertJobs, recordJobOutcome, recordPreparedAttempt, upsertCampaign } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { ORCASIM, writeCampaignCsv } from '../campaign/support';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { connectTestClient } from '../harness/temporal';
import { orcastrateCli } from './campaign-scenarios';
import { newCampaignId, waterJob } from './ingest-support';

const VALID = JOB_STATUSES.join(', ');

const job = (rowIndex: number) => waterJob(rowIndex);

describe('orcastrate jobs, watch and start refuse what cannot work, and say why', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  // a campaign that exists only in Postgres: no workflow was ever started for it
  const campaignId = newCampaignId('verbs');
  beforeAll(async () => {
    assertBuilt();
    await upsertCampaign(pool, campaignId, {});
    await insertJobs(pool, campaignId, [job(0), job(1)]);
    for (const attempt of [1, 2]) {
      await recordPreparedAttempt(pool, {
        campaignId,
        jobId: 'row-000001',
        attempt,
        jobName: `oc.${campaignId}.row-000001.a${attempt}`,
        jobDir: `/data/${campaignId}/row-000001/attempt-${attempt}`,
        scheduler: 'local',
        resources: {},
        corrections: [],
      });
    }
    await recordJobOutcome(pool, {
      campaignId,
      jobId: 'row-000001',
      status: 'failed',
      reason: 'submit-rejected: sbatch: error:\n  invalid partition',
      attempts: 2,
    });
  });
  afterAll(() => pool.end());

  it.each([
    [['--status', 'bogus'], '"bogus"'],
    [['--status', 'failed,finished'], '"finished"'],
    [['--status', ' , '], 'no job status given'],
  ])('jobs %j: exit 2 naming the value and the valid statuses', async (flags, named) => {
    const result = await orcastrateCli(['jobs', campaignId, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(named);
    expect(result.stderr).toContain(`valid: ${VALID}`);
    expect(result.stdout).toBe('');
  });

  it.each([['0'], ['-1'], ['2.5'], ['many']])('jobs --limit %s: exit 2', async (limit) => {
    const result = await orcastrateCli(['jobs', campaignId, '--limit', limit]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--limit must be an integer >= 1');
  });

  it('jobs: a bad id exits 2 with the identifier rule, an unknown campaign exits 1', async () => {
    const bad = await orcastrateCli(['jobs', 'a/../b']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a campaign id: "a/../b"');
    expect(bad.stderr).toContain('must start alphanumeric');
    const unknown = await orcastrateCli(['jobs', `nope-${randomUUID().slice(0, 8)}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no campaign "nope-\w+": nothing in Postgres/);
  });

  const NO_PROPERTIES = {
    finalEnergyEh: null,
    homoLumoGapEv: null,
    imaginaryModes: null,
    gibbsFreeEnergyEh: null,
    warnings: null,
    checkWarnings: [],
  };

  it('jobs: the latest attempt directory, a multi-line reason on one table line, (no jobs) for none', async () => {
    const json = await orcastrateCli(['jobs', campaignId, '--json']);
    expect(json.code).toBe(0);
    expect(
      json.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      {
        jobId: 'row-000000',
        rowIndex: 0,
        status: 'ready',
        reason: null,
        attempts: 0,
        jobDir: null,
        properties: NO_PROPERTIES,
      },
      {
        jobId: 'row-000001',
        rowIndex: 1,
        status: 'failed',
        reason: 'submit-rejected: sbatch: error:\n  invalid partition',
        attempts: 2,
        jobDir: `/data/${campaignId}/row-000001/attempt-2`,
        properties: NO_PROPERTIES,
      },
    ]);
    const table = await orcastrateCli(['jobs', campaignId]);
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(table.stdout).toContain('submit-rejected: sbatch: error: invalid partition  ');
    const none = await orcastrateCli(['jobs', campaignId, '--status', 'timeout']);
    expect([none.code, none.stdout]).toEqual([0, '(no jobs)\n']);
  });

  it.each([['0'], ['-2'], ['soon'], ['99999']])('watch --interval %s: exit 2', async (interval) => {
    const result = await orcastrateCli(['watch', campaignId, '--interval', interval]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--interval must be a number of seconds > 0');
  });

  it('watch: an unknown campaign exits 1, a bad id 2, a campaign without a workflow ends at once', async () => {
    const unknown = await orcastrateCli(['watch', `nope-${randomUUID().slice(0, 8)}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no campaign workflow in Temporal and nothing in Postgres');
    const bad = await orcastrateCli(['watch', 'x" OR WorkflowType = "y']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a campaign id');

    const orphan = await orcastrateCli(['watch', campaignId, '--json']);
    expect(orphan.code).toBe(0);
    const events = orphan.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; counts: object; workflowStatus?: string });
    expect(events.map((e) => e.type)).toEqual(['counts', 'closed']);
    expect(events[1]).toMatchObject({ workflowStatus: 'NOT_FOUND', counts: { ready: 1, failed: 1 } });
  });

  it('start returns at once with the workflow id (no worker needed), and refuses a running id', async () => {
    const workflowId = `start-${randomUUID().slice(0, 8)}`;
    const env = { ORCASTRATE_TASK_QUEUE: `no-worker-${randomUUID().slice(0, 8)}` };
    const csv = writeCampaignCsv(['']);
    const args = ['start', '--campaign', workflowId, '--csv', csv, '--keywords', '! HF', '--orca', ORCASIM];
    const client = await connectTestClient();
    try {
      const started = await orcastrateCli(args, env);
      expect(started.stderr).toBe('');
      expect(started.code).toBe(0);
      expect(started.stdout).toMatch(
        new RegExp(`^campaign ${workflowId} started: workflow id ${workflowId} \\(run \\S+\\)\n$`),
      );
      expect(started.elapsedMs).toBeLessThan(10_000);
      expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');

      const again = await orcastrateCli(args, env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`a workflow with id "${workflowId}" is already running`);
    } finally {
      await client.workflow.getHandle(workflowId).terminate('test: nothing to run');
      await client.connection.close();
    }
  });
});
