import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import { parseCampaignInput } from '../../src/campaign/input';
import { createPool } from '../../src/db/pool';
import { campaignInput } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import {
  AMMONIA,
  csvRow,
  HEADER,
  newCampaignId,
  runIngestActivity,
  stored,
  WATER,
  writeCsv,
} from './ingest-support';

// Repeated structures are flagged with the row they repeat; they stay jobs (replicas may be meant).
describe('duplicate structures in one CSV', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  it('stores duplicate_of for each repeat, counts them and still makes them jobs', async () => {
    const campaignId = newCampaignId('dup');
    const csv = writeCsv([
      'aligned_csd_core,charge,uhf,orcasim_fault',
      csvRow(WATER, 0, 0), // 0
      csvRow(AMMONIA, 0, 0), // 1
      csvRow(WATER, 0, 0, 'error-termination'), // 2 = 0 (other kept column, same calculation)
      csvRow('Xx 0 0 0', 0, 0), // 3 bad
      csvRow(WATER, -1, 1), // 4: other charge and spin
      csvRow(AMMONIA, '0.0', '0'), // 5 = 1
      csvRow(WATER.replace(/ 0 /g, ' 0.000 '), 0, 0), // 6 = 0, written differently
      csvRow(WATER, -1, 1), // 7 = 4
      csvRow(WATER.replace('0.1173', '0.1174'), 0, 0), // 8: an atom moved
    ]);
    const settings = parseCampaignInput(campaignInput(csv));
    expect(await runIngestActivity(pool, campaignId, settings)).toEqual({ good: 8, bad: 1, duplicates: 4 });
    const { jobs, errors } = await stored(pool, campaignId);
    expect(jobs.map((j) => [j.row_index, j.duplicate_of])).toEqual([
      [0, null],
      [1, null],
      [2, 0],
      [4, null],
      [5, 1],
      [6, 0],
      [7, 4],
      [8, null],
    ]);
    expect(errors.map((e) => e.row_number)).toEqual([3]);
  });

  it('finds repeats across insert batches of a larger file', async () => {
    const campaignId = newCampaignId('dup');
    const distinct = 7;
    const rows = 2600;
    const lines = Array.from({ length: rows }, (_, i) =>
      csvRow(`H 0 0 0\nH 0 0 ${0.7 + (i % distinct) / 100}`, 0, 0),
    );
    const outcome = await ingestCsvIntoCampaign(pool, campaignId, writeCsv([HEADER, ...lines]), {});
    expect(outcome).toMatchObject({ good: rows, bad: 0, duplicates: rows - distinct });
    const { rows: wrong } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM jobs WHERE campaign_id = $1
       AND duplicate_of IS DISTINCT FROM (CASE WHEN row_index < $2 THEN NULL ELSE row_index % $2 END)`,
      [campaignId, distinct],
    );
    expect(Number(wrong[0]!.n)).toBe(0);
  });
});
