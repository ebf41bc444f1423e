import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { CampaignInput } from '../../src/campaign/input';
import { loadCampaignReport } from '../../src/client/campaign-report';
import { renderCampaignReport } from '../../src/client/status-view';
import { createPool } from '../../src/db/pool';
import { campaign } from '../../src/workflows';
import { readHarnessState } from '../harness/state';
import { campaignStatusQuery, closeUpdate, resetFailedUpdate } from '../../src/workflows/messages';
import { campaignInput, query, writeCampaignCsv } from './support';

/** opt → freq → sp, freq and sp on opt's final geometry. */
export const OPT_FREQ_SP: NonNullable<CampaignInput['steps']> = [
  { name: 'opt', keywords: '! B3LYP def2-SVP OPT' },
  { name: 'freq', keywords: '! B3LYP def2-SVP FREQ', dependsOn: ['opt'], geometryFrom: 'opt' },
  { name: 'sp', keywords: '! wB97X-V def2-TZVP', dependsOn: ['freq'], geometryFrom: 'opt' },
];

interface StepRow {
  job_id: string;
  status: string;
  reason: string | null;
  attempts: number;
}

interface AttemptDirRow {
  job_id: string;
  attempt: number;
  status: string;
  job_dir: string;
}

const stepsOf = (campaignId: string) =>
  query<StepRow>(
    'SELECT job_id, status, reason, attempts FROM jobs WHERE campaign_id = $1 ORDER BY row_index, step_index',
    [campaignId],
  );
const attemptsOf = (campaignId: string) =>
  query<AttemptDirRow>(
    'SELECT job_id, attempt, status, job_dir FROM attempts WHERE campaign_id = $1 ORDER BY job_id, attempt',
    [campaignId],
  );

/**
 * Three structures through opt → freq → sp with scripted simulator faults: row 1's opt fails
 * (error termination on its first attempt: permanent), so its freq and sp are blocked; row 2's freq
 * hangs once, times out and recovers. The campaign settles; a reset runs row 1's opt again (it now
 * succeeds) and then its freq and sp, nothing else.
 */
export async function runPipelineScenario(
  client: Client,
  taskQueue: string,
  scheduler: NonNullable<CampaignInput['scheduler']>,
  walltimeMinutes: number,
): Promise<void> {
  const csv = writeCampaignCsv(['', 'opt: error-termination attempts=1', 'freq: hang attempts=1']);
  const campaignId = `pipe-${scheduler.kind}-${randomUUID().slice(0, 8)}`;
  const input = campaignInput(csv, {
    scheduler,
    steps: OPT_FREQ_SP,
    closeAfterHours: 1,
    pollIntervalSeconds: 1,
  });
  const handle = await client.workflow.start(campaign, {
    taskQueue,
    workflowId: campaignId,
    args: [{ ...input, orca: { ...input.orca, walltimeMinutes } }],
  });
  const settled = async () => {
    for (;;) {
      const status = await handle.query(campaignStatusQuery);
      if (status.phase === 'settled') return status;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  const first = await settled();
  expect(first.counts).toMatchObject({
    completed: 6,
    failed: 1,
    blocked: 2,
    timeout: 0,
    waiting: 0,
    ready: 0,
  });
  expect((await stepsOf(campaignId)).map((s) => [s.job_id, s.status, s.reason, s.attempts])).toEqual([
    ['row-000000/opt', 'completed', null, 1],
    ['row-000000/freq', 'completed', null, 1],
    ['row-000000/sp', 'completed', null, 1],
    ['row-000001/opt', 'failed', 'error-termination', 1],
    ['row-000001/freq', 'blocked', 'dependency-failed: opt failed', 0],
    ['row-000001/sp', 'blocked', 'dependency-failed: opt failed', 0],
    ['row-000002/opt', 'completed', null, 1],
    ['row-000002/freq', 'completed', null, 2],
    ['row-000002/sp', 'completed', null, 1],
  ]);
  const attempts = await attemptsOf(campaignId);
  const dirOf = (jobId: string) =>
    attempts.filter((a) => a.job_id === jobId && a.status === 'completed').at(-1)!.job_dir;
  // each step in its own directory; sp (and freq) start from opt's final geometry
  expect(dirOf('row-000000/sp')).toMatch(/\/row-000000\/sp\/attempt-1$/);
  for (const structure of ['row-000000', 'row-000002']) {
    const optGeometry = readFileSync(path.join(dirOf(`${structure}/opt`), 'job.xyz'), 'utf8');
    const original = readFileSync(path.join(dirOf(`${structure}/opt`), 'input.xyz'), 'utf8');
    expect(optGeometry).not.toBe(original);
    expect(readFileSync(path.join(dirOf(`${structure}/sp`), 'input.xyz'), 'utf8')).toBe(optGeometry);
    expect(readFileSync(path.join(dirOf(`${structure}/freq`), 'input.xyz'), 'utf8')).toBe(optGeometry);
  }
  // the freq step's output has its frequencies: the properties were read per step
  const [freq] = await query<{ imaginary_modes: number | null }>(
    `SELECT imaginary_modes FROM jobs WHERE campaign_id = $1 AND job_id = 'row-000000/freq'`,
    [campaignId],
  );
  expect(freq!.imaginary_modes).toBe(0);

  // `orcastrate status`: the jobs per step
  const pool = createPool(readHarnessState().databaseUrl);
  const report = await loadCampaignReport(pool, campaignId).finally(() => pool.end());
  const text = renderCampaignReport(report);
  expect(text).toContain(`campaign ${campaignId}: 9 jobs = 3 structures × 3 steps`);
  expect(text).toMatch(
    /step\s+completed\s+failed\s+blocked\n\s+opt\s+2\s+1\s+0\n\s+freq\s+2\s+0\s+1\n\s+sp\s+2\s+0\s+1\n/,
  );

  // the reset resumes at the failed step only
  expect(await handle.executeUpdate(resetFailedUpdate, { args: [{}] })).toBe(1);
  const second = await settled();
  expect(second.counts).toMatchObject({ completed: 9, failed: 0, blocked: 0 });
  const after = await attemptsOf(campaignId);
  const newAttempts = after.filter(
    (a) => !attempts.some((b) => b.job_id === a.job_id && b.attempt === a.attempt),
  );
  expect(newAttempts.map((a) => [a.job_id, a.attempt, a.status])).toEqual([
    ['row-000001/freq', 1, 'completed'],
    ['row-000001/opt', 2, 'completed'],
    ['row-000001/sp', 1, 'completed'],
  ]);
  await handle.executeUpdate(closeUpdate, { args: [{}] });
  const summary = await handle.result();
  expect(summary.counts).toMatchObject({ completed: 9, blocked: 0, failed: 0 });
}
