import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import type { IngestSettings } from '../../src/campaign/input';
import { ingestCsvIntoCampaign, upsertCampaign } from '../../src/activities/campaign-db';
import { createPool } from '../../src/db/pool';
import { readHarnessState } from '../harness/state';

const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-fuzz-'));
const WATER = '"O 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692"';
const settings: IngestSettings = { preset: 'default', keepColumns: ['note'] };

function writeCsv(text: string): string {
  const file = path.join(dir, `${randomUUID()}.csv`);
  writeFileSync(file, text);
  return file;
}

/** A cell that may be fine, odd or hostile: quotes, separators, NULs, huge numbers, unicode. */
const cell = fc.oneof(
  fc.constantFrom('0', '1', '-1', '2', '1e309', 'NaN', '', ' ', '"', '""', ',', '\n', '\r\n', '\u0000'),
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.constant(WATER),
  fc.constantFrom('"O 0 0 0\nH 0 0 0.96"', '"Xx 0 0 0"', '"O 0 0"', '"O a b c"', '"H 0 0 0"'),
);
const row = fc.array(cell, { minLength: 0, maxLength: 6 }).map((cells) => cells.join(','));
const header = fc.oneof(
  fc.constant('aligned_csd_core,charge,uhf,note'),
  fc.constant('aligned_csd_core,charge,charge,note'),
  fc.constant('charge,uhf'),
  fc.constant(''),
  fc.string({ maxLength: 30 }),
);

describe('CSV ingest under malformed input', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  async function rowsOf(campaignId: string): Promise<{ jobs: number; errors: number }> {
    const { rows } = await pool.query<{ jobs: string; errors: string }>(
      `SELECT (SELECT count(*) FROM jobs WHERE campaign_id = $1) AS jobs,
              (SELECT count(*) FROM ingest_errors WHERE campaign_id = $1) AS errors`,
      [campaignId],
    );
    return { jobs: Number(rows[0]!.jobs), errors: Number(rows[0]!.errors) };
  }

  it('accounts for every row or refuses the file with a clear, non-retryable error', async () => {
    await fc.assert(
      fc.asyncProperty(header, fc.array(row, { maxLength: 25 }), async (head, rows) => {
        const campaignId = `fz-${randomUUID().slice(0, 8)}`;
        await upsertCampaign(pool, campaignId, {});
        const file = writeCsv([head, ...rows].join('\n'));
        let counts: { good: number; bad: number } | undefined;
        try {
          counts = await ingestCsvIntoCampaign(pool, campaignId, file, settings);
        } catch (error) {
          expect(error).toBeInstanceOf(ApplicationFailure);
          expect((error as ApplicationFailure).type).toBe('IngestInputError');
          expect((error as ApplicationFailure).nonRetryable).toBe(true);
          expect((error as Error).message.length).toBeGreaterThan(10);
          expect(await rowsOf(campaignId)).toEqual({ jobs: 0, errors: 0 }); // nothing half-way
          return;
        }
        // every data record became a job or an ingest error with a reason
        expect(await rowsOf(campaignId)).toEqual({ jobs: counts.good, errors: counts.bad });
        const { rows: reasons } = await pool.query<{ code: string; reason: string }>(
          'SELECT code, reason FROM ingest_errors WHERE campaign_id = $1',
          [campaignId],
        );
        for (const r of reasons) expect(r.reason.length).toBeGreaterThan(3);
        // idempotent: a second ingest of the same file adds nothing
        expect(await ingestCsvIntoCampaign(pool, campaignId, file, settings)).toEqual(counts);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a file whose record is too long without writing the rows before it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2500 }), async (goodRows) => {
        const campaignId = `fz-${randomUUID().slice(0, 8)}`;
        await upsertCampaign(pool, campaignId, {});
        const good = Array.from({ length: goodRows }, () => `${WATER},0,0,x`);
        // an unbalanced quote swallows the rest of the file
        const file = writeCsv(
          ['aligned_csd_core,charge,uhf,note', ...good, `"O 0 0 0${'y'.repeat(5000)}`].join('\n'),
        );
        const error = await ingestCsvIntoCampaign(pool, campaignId, file, {
          ...settings,
          maxRecordChars: 4000,
        } as IngestSettings).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApplicationFailure);
        expect((error as ApplicationFailure).type).toBe('IngestInputError');
        expect((error as ApplicationFailure).nonRetryable).toBe(true);
        expect((error as Error).message).toMatch(/longer than 4000 characters/);
        expect(await rowsOf(campaignId)).toEqual({ jobs: 0, errors: 0 });
      }),
      { numRuns: 6 },
    );
  });

  it('refuses a missing file and bad options clearly', async () => {
    const campaignId = `fz-${randomUUID().slice(0, 8)}`;
    await upsertCampaign(pool, campaignId, {});
    await expect(
      ingestCsvIntoCampaign(pool, campaignId, '/nonexistent/x.csv', settings),
    ).rejects.toMatchObject({
      type: 'IngestInputError',
      nonRetryable: true,
    });
    const file = writeCsv(`aligned_csd_core,charge,uhf\n${WATER},0,0\n`);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ preset: fc.anything(), keepColumns: fc.anything(), spinKind: fc.anything() }),
        async (options) => {
          const result = await ingestCsvIntoCampaign(pool, campaignId, file, options as never).catch(
            (e: unknown) => e,
          );
          if (result instanceof Error) {
            expect(result).toBeInstanceOf(ApplicationFailure);
            expect((result as ApplicationFailure).nonRetryable).toBe(true);
          }
        },
      ),
      { numRuns: 30 },
    );
    // whatever was tried, the only rows are those of the valid file
    expect((await rowsOf(campaignId)).jobs).toBeLessThanOrEqual(1);
  });
});
