import { DatabaseError } from 'pg';
import { ingestCounts, insertJobs, jobIdForRow, upsertCampaign } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { newCampaignId, stored, waterJob } from '../adversarial/ingest-support';
import { readHarnessState } from '../harness/state';

const job = (rowIndex: number, note: string) => waterJob(rowIndex, { note });

describe('insertJobs (shared by ingest and active learning)', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  it('names jobs by row, refuses an id twice, and with skipExisting keeps the stored job', async () => {
    const campaignId = newCampaignId('db');
    await upsertCampaign(pool, campaignId, {});
    await insertJobs(pool, campaignId, [job(0, 'first'), job(1, 'first')]);
    const error = await insertJobs(pool, campaignId, [job(1, 'again')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('23505');

    await insertJobs(pool, campaignId, [job(1, 'again'), job(2, 'new')], { skipExisting: true });
    const { jobs } = await stored(pool, campaignId);
    expect(jobs.map((j) => [j.row_index, j.extra.note, j.multiplicity])).toEqual([
      [0, 'first', 1],
      [1, 'first', 1],
      [2, 'new', 1],
    ]);
    expect(await ingestCounts(pool, campaignId)).toEqual({ good: 3, bad: 0, duplicates: 0 });
    const { rows } = await pool.query<{ job_id: string }>(
      'SELECT job_id FROM jobs WHERE campaign_id = $1 ORDER BY row_index',
      [campaignId],
    );
    expect(rows.map((r) => r.job_id)).toEqual([0, 1, 2].map(jobIdForRow));
  });
});
