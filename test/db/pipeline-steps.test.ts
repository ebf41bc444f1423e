import { pipelineStepRows } from '../../src/campaign/pipeline-rows';
import {
  cancelReadyJobs,
  finishJobAndDependants,
  ingestCounts,
  insertJobs,
  resetFailedJobs,
  retryJobs,
  statusCounts,
  upsertCampaign,
  type JobOutcome,
} from '../../src/db';
import { createPool } from '../../src/db/pool';
import { ingestCampaignCsv } from '../../src/ingest/csv-into-campaign';
import {
  csvRow,
  HEADER,
  newCampaignId,
  WATER,
  AMMONIA,
  waterJob,
  writeCsv,
} from '../adversarial/ingest-support';
import { readHarnessState } from '../harness/state';

const OPT_FREQ_SP = [
  { name: 'opt', keywords: '! B3LYP def2-SVP OPT' },
  { name: 'freq', keywords: '! B3LYP def2-SVP FREQ', dependsOn: ['opt'], geometryFrom: 'opt' },
  { name: 'sp', keywords: '! wB97X-V def2-TZVP', dependsOn: ['freq'], geometryFrom: 'opt' },
];
const DIAMOND = [
  { name: 'a', keywords: '! SP' },
  { name: 'b', keywords: '! SP' },
  { name: 'c', keywords: '! SP', dependsOn: ['a', 'b'] },
];

const stepsOf = (steps: unknown[]) => {
  const check = pipelineStepRows(steps);
  if (!check.ok) throw new Error(check.problems.join('; '));
  return check.rows;
};

describe('pipeline steps in Postgres', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  async function statuses(campaignId: string): Promise<Record<string, string>> {
    const { rows } = await pool.query<{ job_id: string; status: string; reason: string | null }>(
      'SELECT job_id, status, reason FROM jobs WHERE campaign_id = $1 ORDER BY row_index, step_index',
      [campaignId],
    );
    return Object.fromEntries(rows.map((r) => [r.job_id, r.reason ? `${r.status} (${r.reason})` : r.status]));
  }

  const finish = (campaignId: string, jobId: string, status: JobOutcome['status'], reason = 'x') =>
    finishJobAndDependants(pool, { campaignId, jobId, status, reason, attempts: 1 });

  async function pipelineCampaign(steps: unknown[], structures = 2): Promise<string> {
    const campaignId = newCampaignId('pipe');
    await upsertCampaign(pool, campaignId, {});
    const jobs = Array.from({ length: structures }, (_, i) => waterJob(i));
    await insertJobs(pool, campaignId, jobs, { steps: stepsOf(steps) });
    return campaignId;
  }

  it('ingests a row per (structure, step) through COPY: roots ready, the others waiting', async () => {
    const campaignId = newCampaignId('pipe');
    const csv = writeCsv([HEADER, csvRow(WATER, 0, 0), csvRow('Xx 0 0 0', 0, 0), csvRow(AMMONIA, 0, 0)]);
    const outcome = await ingestCampaignCsv(pool, campaignId, csv, {}, { steps: OPT_FREQ_SP });
    expect([outcome.good, outcome.bad]).toEqual([2, 1]);
    expect(await statuses(campaignId)).toEqual({
      'row-000000/opt': 'ready',
      'row-000000/freq': 'waiting',
      'row-000000/sp': 'waiting',
      'row-000002/opt': 'ready',
      'row-000002/freq': 'waiting',
      'row-000002/sp': 'waiting',
    });
    const { rows } = await pool.query(
      `SELECT structure_id, step, step_index, depends_on, geometry_from FROM jobs
       WHERE campaign_id = $1 AND row_index = 2 ORDER BY step_index`,
      [campaignId],
    );
    expect(rows).toEqual([
      { structure_id: 'row-000002', step: 'opt', step_index: 0, depends_on: [], geometry_from: null },
      { structure_id: 'row-000002', step: 'freq', step_index: 1, depends_on: ['opt'], geometry_from: 'opt' },
      { structure_id: 'row-000002', step: 'sp', step_index: 2, depends_on: ['freq'], geometry_from: 'opt' },
    ]);
    expect(await ingestCounts(pool, campaignId)).toEqual({ good: 2, bad: 1, duplicates: 0 });
    const counts = await statusCounts(pool, campaignId);
    expect([counts.ready, counts.waiting]).toEqual([2, 4]);
  });

  it('refuses to ingest the same CSV again for other steps', async () => {
    const campaignId = newCampaignId('pipe');
    const csv = writeCsv([HEADER, csvRow(WATER, 0, 0)]);
    await ingestCampaignCsv(pool, campaignId, csv, {});
    await expect(ingestCampaignCsv(pool, campaignId, csv, {}, { steps: OPT_FREQ_SP })).rejects.toThrow(
      /holds jobs for steps \[main\], but its input has steps \[opt, freq, sp\]/,
    );
  });

  it('a completed step promotes its dependants; a failed one blocks all it leads to', async () => {
    const campaignId = await pipelineCampaign(OPT_FREQ_SP);
    expect(await finish(campaignId, 'row-000000/opt', 'completed')).toEqual({ promoted: 1, blocked: 0 });
    expect(await finish(campaignId, 'row-000001/opt', 'failed', 'error-termination')).toEqual({
      promoted: 0,
      blocked: 2,
    });
    expect(await statuses(campaignId)).toEqual({
      'row-000000/opt': 'completed',
      'row-000000/freq': 'ready',
      'row-000000/sp': 'waiting',
      'row-000001/opt': 'failed (error-termination)',
      'row-000001/freq': 'blocked (dependency-failed: opt failed)',
      'row-000001/sp': 'blocked (dependency-failed: opt failed)',
    });
    expect(await finish(campaignId, 'row-000000/freq', 'completed')).toEqual({ promoted: 1, blocked: 0 });
    expect((await statuses(campaignId))['row-000000/sp']).toBe('ready');

    // one row per structure
    const { rows: structures } = await pool.query(
      `SELECT structure_id, steps::int, completed::int, failed::int, blocked::int, pending::int, status
       FROM job_structures WHERE campaign_id = $1 ORDER BY row_index`,
      [campaignId],
    );
    expect(structures).toEqual([
      {
        structure_id: 'row-000000',
        steps: 3,
        completed: 2,
        failed: 0,
        blocked: 0,
        pending: 1,
        status: 'running',
      },
      {
        structure_id: 'row-000001',
        steps: 3,
        completed: 0,
        failed: 1,
        blocked: 2,
        pending: 0,
        status: 'failed',
      },
    ]);

    // a reset resumes the failed step only; what it blocked waits for it again
    expect(await resetFailedJobs(pool, campaignId, {})).toBe(1);
    const after = await statuses(campaignId);
    expect([after['row-000001/opt'], after['row-000001/freq'], after['row-000001/sp']]).toEqual([
      'ready',
      'waiting',
      'waiting',
    ]);
    expect(after['row-000000/opt']).toBe('completed');
  });

  it('a timed-out middle step blocks only what comes after it; a retry reopens them', async () => {
    const campaignId = await pipelineCampaign(OPT_FREQ_SP, 1);
    await finish(campaignId, 'row-000000/opt', 'completed');
    await finish(campaignId, 'row-000000/freq', 'timeout', 'walltime');
    expect(await statuses(campaignId)).toEqual({
      'row-000000/opt': 'completed',
      'row-000000/freq': 'timeout (walltime)',
      'row-000000/sp': 'blocked (dependency-failed: freq timeout)',
    });
    expect(await resetFailedJobs(pool, campaignId, {})).toBe(0); // timeouts only when asked
    const retried = await retryJobs(pool, campaignId, ['row-000000/freq'], undefined);
    expect(retried.retried).toBe(1);
    expect(Object.values(await statuses(campaignId))).toEqual(['completed', 'ready', 'waiting']);
  });

  it('a step waiting for two runs once both completed, also when they finish at the same moment', async () => {
    const campaignId = await pipelineCampaign(DIAMOND, 12);
    for (let row = 0; row < 12; row += 1) {
      const structure = `row-${String(row).padStart(6, '0')}`;
      await Promise.all([
        finish(campaignId, `${structure}/a`, 'completed'),
        finish(campaignId, `${structure}/b`, 'completed'),
      ]);
    }
    const counts = await statusCounts(pool, campaignId);
    expect([counts.completed, counts.ready, counts.waiting]).toEqual([24, 12, 0]);
  });

  it('one failed dependency blocks a step even when the other completes later', async () => {
    const campaignId = await pipelineCampaign(DIAMOND, 1);
    await finish(campaignId, 'row-000000/a', 'failed', 'scf-not-converged');
    await finish(campaignId, 'row-000000/b', 'completed');
    expect((await statuses(campaignId))['row-000000/c']).toBe('blocked (dependency-failed: a failed)');
  });

  it('cancelling a campaign cancels the steps still waiting', async () => {
    const campaignId = await pipelineCampaign(OPT_FREQ_SP, 1);
    expect(await cancelReadyJobs(pool, campaignId)).toBe(3);
  });

  it('single-step jobs keep their ids and finish as before', async () => {
    const campaignId = newCampaignId('pipe');
    await upsertCampaign(pool, campaignId, {});
    await insertJobs(pool, campaignId, [waterJob(0)]);
    expect(await finish(campaignId, 'row-000000', 'failed', 'error-termination')).toEqual({
      promoted: 0,
      blocked: 0,
    });
    expect(await statuses(campaignId)).toEqual({ 'row-000000': 'failed (error-termination)' });
    expect(await resetFailedJobs(pool, campaignId, {})).toBe(1);
  });
});
