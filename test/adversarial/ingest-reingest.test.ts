import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import { insertJobs, upsertCampaign } from '../../src/db';
import { parseCampaignInput } from '../../src/campaign/input';
import { createPool } from '../../src/db/pool';
import { ingestRows } from '../../src/ingest';
import { campaignInput } from '../campaign/support';
import { readHarnessState } from '../harness/state';
import {
  AMMONIA,
  csvRow,
  HEADER,
  ingestInputErrorOf,
  newCampaignId,
  refusalStoringNothing,
  runIngestActivity,
  stored,
  WATER,
  writeCsv,
} from './ingest-support';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const settingsFor = (csvPath: string, maxInFlight = 10) =>
  parseCampaignInput(campaignInput(csvPath, { maxInFlight }));

const threeRows = () => writeCsv([HEADER, csvRow(WATER, 0, 0), csvRow(AMMONIA, 0, 0), csvRow(WATER, 1, 1)]);
const fiveRows = () =>
  writeCsv([
    HEADER,
    csvRow(AMMONIA, 0, 0),
    csvRow(WATER, 0, 0),
    csvRow('Xx 0 0 0', 0, 0),
    csvRow(WATER, -1, 1),
    csvRow(AMMONIA, 1, 1),
  ]);

// A campaign holds one CSV: the same bytes again change nothing, other bytes are refused outright.
describe('re-ingesting into an existing campaign', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  it('records the source: sha256, row count, path and options, with the settings', async () => {
    const campaignId = newCampaignId('re');
    const csv = fiveRows();
    expect(await runIngestActivity(pool, campaignId, settingsFor(csv))).toEqual({
      good: 4,
      bad: 1,
      duplicates: 0,
    });
    const { campaign } = await stored(pool, campaignId);
    expect(campaign).toMatchObject({
      source_sha256: sha256(csv),
      source_rows: 5,
      source_path: csv,
      source_options: { geometryColumn: 'aligned_csd_core', keepColumns: ['orcasim_fault'], spinKind: 'uhf' },
      settings: { csvPath: csv, maxInFlight: 10 },
    });
  });

  it('treats the same bytes again, from any path, as already ingested: no parse, settings kept', async () => {
    const campaignId = newCampaignId('re');
    const original = threeRows();
    await runIngestActivity(pool, campaignId, settingsFor(original));
    // a row gone from the table: a re-parse would insert it again
    await pool.query('DELETE FROM jobs WHERE campaign_id = $1 AND row_index = 1', [campaignId]);
    const before = await stored(pool, campaignId);
    const copy = writeCsv([]);
    copyFileSync(original, copy);
    const again = await ingestCsvIntoCampaign(pool, campaignId, copy, { keepColumns: ['orcasim_fault'] });
    expect(again).toMatchObject({
      alreadyIngested: true,
      sha256: sha256(original),
      rows: 3,
      good: 2,
      bad: 0,
    });
    expect(await runIngestActivity(pool, campaignId, settingsFor(copy, 99))).toEqual({
      good: 2,
      bad: 0,
      duplicates: 0,
    });
    expect(await stored(pool, campaignId)).toEqual(before);
    expect(before.campaign!.settings).toMatchObject({ csvPath: original, maxInFlight: 10 });
  });

  it('refuses different bytes, naming both checksums and row counts, and changes nothing', async () => {
    const campaignId = newCampaignId('re');
    const first = threeRows();
    const second = fiveRows();
    await runIngestActivity(pool, campaignId, settingsFor(first));
    const before = await stored(pool, campaignId);
    for (const attempt of [
      () => runIngestActivity(pool, campaignId, settingsFor(second, 7)),
      () => ingestCsvIntoCampaign(pool, campaignId, second, { keepColumns: ['orcasim_fault'] }),
    ]) {
      const message = await ingestInputErrorOf(attempt());
      expect(message).toContain(
        `campaign ${campaignId} already holds CSV sha256 ${sha256(first).slice(0, 12)}`,
      );
      expect(message).toContain(`(3 rows from ${JSON.stringify(first)}`);
      expect(message).toContain(`refusing CSV ${JSON.stringify(second)}`);
      expect(message).toContain(`sha256 ${sha256(second).slice(0, 12)}… (5 rows)`);
      expect(await stored(pool, campaignId)).toEqual(before);
    }
  });

  it('refuses the same bytes with other ingest options, naming both', async () => {
    const campaignId = newCampaignId('re');
    const csv = threeRows();
    await ingestCsvIntoCampaign(pool, campaignId, csv, { keepColumns: ['note'] });
    const before = await stored(pool, campaignId);
    const message = await ingestInputErrorOf(
      ingestCsvIntoCampaign(pool, campaignId, csv, { keepColumns: ['note', 'name'] }),
    );
    expect(message).toContain(
      'refusing to ingest the same CSV again with other options (keepColumns: ["note"] then, ["name","note"] now)',
    );
    expect(await stored(pool, campaignId)).toEqual(before);
    // the order of kept columns and the record-length guard do not change which jobs a CSV becomes
    const same = await ingestCsvIntoCampaign(pool, campaignId, csv, {
      keepColumns: ['note', 'note'],
      maxRecordChars: 9999,
    });
    expect(same.alreadyIngested).toBe(true);
  });

  it('refuses a CSV into a campaign whose jobs were attached, not ingested', async () => {
    const campaignId = newCampaignId('re');
    await upsertCampaign(pool, campaignId, { activeLearning: 'al-1' });
    const attached = [];
    for await (const r of ingestRows([`${HEADER}\n${csvRow(WATER, 0, 0)}\n`]))
      if (r.kind === 'job') attached.push(r.job);
    await insertJobs(pool, campaignId, attached);
    const before = await stored(pool, campaignId);
    const message = await ingestInputErrorOf(runIngestActivity(pool, campaignId, settingsFor(threeRows())));
    expect(message).toMatch(
      new RegExp(`campaign ${campaignId} already has 1 jobs and 0 bad rows from no recorded CSV`),
    );
    expect(await stored(pool, campaignId)).toEqual(before);
    // attach mode itself (no csvPath) still works and counts the attached jobs
    const { csvPath: _none, ...attach } = settingsFor('/unused.csv');
    expect(await runIngestActivity(pool, campaignId, attach)).toEqual({ good: 1, bad: 0, duplicates: 0 });
    expect((await stored(pool, campaignId)).campaign!.settings).not.toHaveProperty('activeLearning');
  });

  it('leaves no row at all when it refuses the file: no campaign, no jobs, no ingest errors', async () => {
    const badHeader = writeCsv(['geometry,charge,uhf', csvRow(WATER, 0, 0)]);
    const tooLong = writeCsv([HEADER, csvRow(WATER, 0, 0), csvRow(WATER, 0, 0), `"${'x'.repeat(200)}`]);
    const empty = writeCsv([]);
    const cases: [string, Promise<unknown>, RegExp][] = [];
    for (const [file, options, pattern] of [
      [badHeader, {}, /no geometry column "aligned_csd_core"/],
      [tooLong, { maxRecordChars: 100 }, /longer than 100 characters/],
      [empty, {}, /the CSV is empty/],
      [threeRows(), { preset: 'nope' }, /invalid ingest options: preset/],
    ] as const) {
      const campaignId = newCampaignId('re');
      cases.push([campaignId, ingestCsvIntoCampaign(pool, campaignId, file, options as never), pattern]);
    }
    const viaActivity = newCampaignId('re');
    cases.push([
      viaActivity,
      runIngestActivity(pool, viaActivity, settingsFor(badHeader)),
      /no geometry column/,
    ]);
    for (const [campaignId, attempt, pattern] of cases) {
      expect(await refusalStoringNothing(pool, campaignId, attempt)).toMatch(pattern);
    }
  });

  it('runs two ingests of one campaign one after the other: one stores, the other finds it stored', async () => {
    const campaignId = newCampaignId('re');
    const csv = fiveRows();
    const outcomes = await Promise.all([1, 2, 3].map(() => ingestCsvIntoCampaign(pool, campaignId, csv, {})));
    expect(outcomes.map((o) => o.alreadyIngested).sort()).toEqual([false, true, true]);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ good: 4, bad: 1 });
    const { jobs, errors } = await stored(pool, campaignId);
    expect([jobs.length, errors.length]).toEqual([4, 1]);
  });
});
