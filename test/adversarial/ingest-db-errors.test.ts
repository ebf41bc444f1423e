import { DatabaseError, type Pool } from 'pg';
import { ApplicationFailure } from '@temporalio/common';
import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import { upsertCampaign } from '../../src/db';
import { parseCampaignInput } from '../../src/campaign/input';
import { createPool } from '../../src/db/pool';
import { campaignInput } from '../campaign/support';
import { createScratchDatabase } from '../harness/postgres';
import {
  AMMONIA,
  csvRow,
  HEADER,
  ingestInputErrorOf,
  newCampaignId,
  NOTHING_STORED,
  refusalStoringNothing,
  runIngestActivity,
  stored,
  WATER,
  writeCsv,
} from './ingest-support';

/**
 * Constraints the ingest core does not know about, so that Postgres itself refuses a row: each
 * stands for any data error the core's checks miss. A scratch database keeps them away from others.
 */
const EXTRA_CONSTRAINTS = `
  ALTER TABLE jobs ADD CONSTRAINT adv_no_neon CHECK (NOT ('Ne' = ANY (elements)));
  ALTER TABLE jobs ADD CONSTRAINT adv_note_is_int CHECK (extra->>'note' IS NULL OR (extra->>'note')::int >= 0);
  ALTER TABLE ingest_errors ADD CONSTRAINT adv_no_spin_errors CHECK (code <> 'impossible-spin-state');
  CREATE FUNCTION adv_busy() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'simulated serialization failure' USING ERRCODE = '40001'; END $$;
  CREATE TRIGGER adv_busy BEFORE INSERT ON jobs FOR EACH ROW WHEN (NEW.natoms = 4) EXECUTE FUNCTION adv_busy();
`;

// SQLSTATE classes 22 and 23 are the rows' fault: IngestInputError naming campaign and row, not retried.
describe('Postgres data errors during ingest', () => {
  let pool: Pool;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await createScratchDatabase('ingest_errors');
    drop = db.drop;
    pool = createPool(db.url);
    await pool.query(EXTRA_CONSTRAINTS);
  });
  afterAll(async () => {
    await pool.end();
    await drop();
  });

  const waters = (n: number) => Array.from({ length: n }, () => csvRow(WATER, 0, 0, '1'));

  it('names the row of a constraint violation (class 23), even deep in a later batch', async () => {
    const campaignId = newCampaignId('dbe');
    // rows 0-1499 water (lines 2-4501), row 1500 neon on line 4502
    const csv = writeCsv([HEADER, ...waters(1500), csvRow('Ne 0 0 0', 0, 0), ...waters(10)]);
    const message = await refusalStoringNothing(
      pool,
      campaignId,
      ingestCsvIntoCampaign(pool, campaignId, csv, { keepColumns: ['note'] }),
    );
    expect(message).toContain(
      `campaign ${campaignId}: Postgres refused row 1500 (line 4502) of CSV ${JSON.stringify(csv)}`,
    );
    expect(message).toMatch(/violates check constraint "adv_no_neon".*\[SQLSTATE 23514\]$/);
  });

  it('names the row refused in a later COPY batch, after a batch that Postgres took', async () => {
    const campaignId = newCampaignId('dbe');
    // rows 0-5099 lack a charge: 5000 bad rows end the first COPY batch; row 6100 (line 18302) is neon
    const noCharge = Array.from({ length: 5100 }, () => csvRow(WATER, '', 0, '1'));
    const csv = writeCsv([HEADER, ...noCharge, ...waters(1000), csvRow('Ne 0 0 0', 0, 0), ...waters(10)]);
    const message = await refusalStoringNothing(
      pool,
      campaignId,
      ingestCsvIntoCampaign(pool, campaignId, csv, { keepColumns: ['note'] }),
    );
    expect(message).toContain(`Postgres refused row 6100 (line 18302) of CSV ${JSON.stringify(csv)}`);
    expect(message).toMatch(/violates check constraint "adv_no_neon"/);
  });

  it('names the row of a data exception (class 22) and of a refused bad row', async () => {
    const notInt = newCampaignId('dbe');
    const csv = writeCsv([HEADER, ...waters(3), csvRow(WATER, 0, 0, 'abc')]);
    const message = await refusalStoringNothing(
      pool,
      notInt,
      ingestCsvIntoCampaign(pool, notInt, csv, { keepColumns: ['note'] }),
    );
    expect(message).toMatch(
      /Postgres refused row 3 \(line 11\) .*invalid input syntax for type integer: "abc".*\[SQLSTATE 22P02\]/,
    );

    const spin = newCampaignId('dbe');
    const badRow = writeCsv([HEADER, ...waters(2), csvRow(WATER, 0, 1)]);
    expect(await refusalStoringNothing(pool, spin, ingestCsvIntoCampaign(pool, spin, badRow, {}))).toMatch(
      /Postgres refused row 2 \(line 8\) .*"adv_no_spin_errors".*\[SQLSTATE 23514\]/,
    );
  });

  it('refuses settings Postgres cannot store, in CSV and attach mode alike', async () => {
    const settings = parseCampaignInput(campaignInput(writeCsv([HEADER, ...waters(1)])));
    settings.orca.keywords = '! B3LYP \u0000';
    const csvMode = newCampaignId('dbe');
    expect(await refusalStoringNothing(pool, csvMode, runIngestActivity(pool, csvMode, settings))).toMatch(
      new RegExp(`^campaign ${csvMode}: Postgres refused the ingest of CSV .*\\[SQLSTATE 22P05\\]$`),
    );
    // attach mode needs the campaign to exist already (unknown campaigns are refused before this)
    const attachMode = newCampaignId('dbe');
    await upsertCampaign(pool, attachMode, { attached: true });
    const before = await stored(pool, attachMode);
    expect(
      await ingestInputErrorOf(runIngestActivity(pool, attachMode, { ...settings, csvPath: undefined })),
    ).toMatch(new RegExp(`^campaign ${attachMode}: Postgres refused its settings: .*\\[SQLSTATE 22P05\\]$`));
    expect(await stored(pool, attachMode)).toEqual(before);
  });

  it('keeps other database errors retryable (here a serialization failure), storing nothing', async () => {
    const campaignId = newCampaignId('dbe');
    const csv = writeCsv([HEADER, ...waters(2), csvRow(AMMONIA, 0, 0)]);
    const error = await ingestCsvIntoCampaign(pool, campaignId, csv, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect((error as DatabaseError).code).toBe('40001');
    expect(await stored(pool, campaignId)).toEqual(NOTHING_STORED);
  });
});
