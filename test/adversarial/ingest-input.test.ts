import type { IngestSettings } from '../../src/campaign/input';
import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import { upsertCampaign } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { readHarnessState } from '../harness/state';
import { AMMONIA, csvRow, HEADER, newCampaignId, stored, WATER, writeCsv } from './ingest-support';

// Cells that used to abort the whole file with a Postgres error (or store nonsense) are bad rows now.
describe('ingest of cells Postgres cannot hold', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());
  const keepNote: IngestSettings = { preset: 'default', keepColumns: ['note'] };

  it('makes a charge or multiplicity beyond int32 a bad row and stores the other rows', async () => {
    const campaignId = newCampaignId();
    await upsertCampaign(pool, campaignId, {}); // as `orcastrate ingest` used to: an empty campaign first
    const csv = writeCsv([
      HEADER,
      csvRow(WATER, 0, 0, 'a'), // row 0, line 2
      csvRow(WATER, -3000000000, 0, 'b'), // row 1, line 5
      csvRow(AMMONIA, 0, 2147483647, 'c'), // row 2, line 8: multiplicity 2^31
      csvRow(WATER, -2147483648, 0, 'd'), // row 3, line 12: storable
      csvRow(AMMONIA, 3000000000, 0, 'e'), // row 4, line 15
    ]);
    const counts = await ingestCsvIntoCampaign(pool, campaignId, csv, keepNote);
    expect(counts).toMatchObject({ good: 2, bad: 3, duplicates: 0, rows: 5 });
    const { jobs, errors } = await stored(pool, campaignId);
    expect(jobs.map((j) => [j.row_index, j.charge, j.extra.note])).toEqual([
      [0, 0, 'a'],
      [3, -2147483648, 'd'],
    ]);
    expect(errors.map((e) => [e.row_number, e.code])).toEqual([
      [1, 'bad-charge'],
      [2, 'bad-spin'],
      [4, 'bad-charge'],
    ]);
    expect(errors[0]!.reason).toMatch(/^row 1 \(line 5\): charge -3000000000 is out of range/);
    expect(errors[1]!.reason).toMatch(
      /^row 2 \(line 8\): uhf 2147483647: multiplicity 2147483648 is out of range/,
    );
    expect(errors[2]!.reason).toMatch(/^row 4 \(line 15\): charge 3000000000 is out of range/);
  });

  it('refuses coordinates that overflow to Infinity, naming the geometry line', async () => {
    const campaignId = newCampaignId();
    await upsertCampaign(pool, campaignId, {}); // as `orcastrate ingest` used to: an empty campaign first
    const csv = writeCsv([
      HEADER,
      csvRow('H 1e999 0 0\nH 0 0 0.74', 0, 0), // row 0
      csvRow('H 0 0 0\nH 0 0 -1e400', 0, 0), // row 1
      csvRow('H 0 0 0\nH 0 0 0.74', 0, 0), // row 2
    ]);
    expect(await ingestCsvIntoCampaign(pool, campaignId, csv, keepNote)).toMatchObject({ good: 1, bad: 2 });
    const { jobs, errors } = await stored(pool, campaignId);
    expect(jobs.map((j) => j.row_index)).toEqual([2]);
    expect(jobs[0]!.geometry_xyz).not.toMatch(/Infinity|NaN/);
    expect(errors).toEqual([
      {
        row_number: 0,
        code: 'bad-geometry',
        reason: 'row 0 (line 2): geometry line 1: coordinate "1e999" is not a finite number',
      },
      {
        row_number: 1,
        code: 'bad-geometry',
        reason: 'row 1 (line 4): geometry line 2: coordinate "-1e400" is not a finite number',
      },
    ]);
  });

  it('makes a NUL byte in any cell a row-level error instead of a DatabaseError', async () => {
    const campaignId = newCampaignId();
    await upsertCampaign(pool, campaignId, {}); // as `orcastrate ingest` used to: an empty campaign first
    const csv = writeCsv([
      `${HEADER},ignored`,
      '\u0000,0,#,0,', // row 0: the fuzz counterexample (seed -903619670)
      '"\u0000\n",0,#,0,', // row 1: its quoted form
      `${csvRow(WATER, 0, 0, 'x\u0000y')},`, // row 2: kept column, bound for jsonb
      `${csvRow(WATER, 0, 0, 'fine')},\u0000`, // row 3: a column nobody keeps
      `${csvRow(WATER, '\u00000', 0, 'z')},`, // row 4: the charge
      `${csvRow(AMMONIA, 0, 0, 'kept')},`, // row 5: good
    ]);
    expect(await ingestCsvIntoCampaign(pool, campaignId, csv, keepNote)).toMatchObject({ good: 1, bad: 5 });
    const { jobs, errors } = await stored(pool, campaignId);
    expect(jobs.map((j) => [j.row_index, j.extra])).toEqual([[5, { note: 'kept' }]]);
    expect(errors.map((e) => [e.row_number, e.code])).toEqual([
      [0, 'bad-character'],
      [1, 'bad-character'],
      [2, 'bad-character'],
      [3, 'bad-character'],
      [4, 'bad-character'],
    ]);
    expect(errors[0]!.reason).toBe(
      'row 0 (line 2): column "aligned_csd_core" holds a NUL character (U+0000) at position 1, which cannot be stored',
    );
    expect(errors[2]!.reason).toMatch(/^row 2 \(line 5\): column "note" holds a NUL character/);
    expect(errors[3]!.reason).toMatch(/column "ignored" holds a NUL/);
  });
});
