import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import type { IngestSettings } from '../../src/campaign/input';
import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import type { IngestCounts } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { readHarnessState } from '../harness/state';
import { fuzzParameters } from './fuzz-parameters';

const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-fuzz-'));
const WATER = '"O 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692"';
const HEADER = 'aligned_csd_core,charge,uhf,note';
const settings: IngestSettings = { preset: 'default', keepColumns: ['note'] };

function writeCsv(text: string): string {
  const file = path.join(dir, `${randomUUID()}.csv`);
  writeFileSync(file, text);
  return file;
}

/** A cell that may be fine, odd or hostile: quotes, separators, NULs, huge numbers, unicode. */
const cell = fc.oneof(
  fc.constantFrom('0', '1', '-1', '2', '1e309', 'NaN', '', ' ', '"', '""', ',', '\n', '\r\n', '\u0000'),
  fc.constantFrom('-3000000000', '2147483647', '2147483648', '-2147483648', '"H 1e999 0 0"', '"\u0000\n"'),
  fc.string({ maxLength: 20 }),
  fc.integer().map(String),
  fc.constant(WATER),
  fc.constantFrom('"O 0 0 0\nH 0 0 0.96"', '"Xx 0 0 0"', '"O 0 0"', '"O a b c"', '"H 0 0 0"'),
);
const row = fc.array(cell, { minLength: 0, maxLength: 6 }).map((cells) => cells.join(','));
const header = fc.oneof(
  fc.constant(HEADER),
  fc.constant('aligned_csd_core,charge,charge,note'),
  fc.constant('charge,uhf'),
  fc.constant(''),
  fc.string({ maxLength: 30 }),
);

/** Counterexamples fuzzing found once: always run first, whatever the seed. */
const FOUND: [string, string[]][] = [
  // seed -903619670: a NUL in the geometry reached ingest_errors.reason and aborted the file
  [HEADER, ['\u0000,0,#,0']],
  [HEADER, ['"\u0000\n",0,#,0']],
];

const countsOf = ({ good, bad, duplicates }: IngestCounts) => ({ good, bad, duplicates });

describe('CSV ingest under malformed input', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  async function rowsOf(campaignId: string) {
    const { rows } = await pool.query<{
      campaigns: string;
      jobs: string;
      errors: string;
      duplicates: string;
    }>(
      `SELECT (SELECT count(*) FROM campaigns WHERE id = $1) AS campaigns,
              (SELECT count(*) FROM jobs WHERE campaign_id = $1) AS jobs,
              (SELECT count(*) FROM jobs WHERE campaign_id = $1 AND duplicate_of IS NOT NULL) AS duplicates,
              (SELECT count(*) FROM ingest_errors WHERE campaign_id = $1) AS errors`,
      [campaignId],
    );
    const r = rows[0]!;
    return {
      campaigns: Number(r.campaigns),
      jobs: Number(r.jobs),
      errors: Number(r.errors),
      duplicates: Number(r.duplicates),
    };
  }

  it('accounts for every row or refuses the file with a clear, non-retryable error', async () => {
    const parameters = fuzzParameters('ingest: every row accounted for', { seed: 20_240_611, numRuns: 60 });
    await fc.assert(
      fc.asyncProperty(header, fc.array(row, { maxLength: 25 }), async (head, rows) => {
        const campaignId = `fz-${randomUUID().slice(0, 8)}`;
        const file = writeCsv([head, ...rows].join('\n'));
        let counts: IngestCounts | undefined;
        try {
          counts = await ingestCsvIntoCampaign(pool, campaignId, file, settings);
        } catch (error) {
          expect(error).toBeInstanceOf(ApplicationFailure);
          expect((error as ApplicationFailure).type).toBe('IngestInputError');
          expect((error as ApplicationFailure).nonRetryable).toBe(true);
          expect((error as Error).message).toContain(`campaign ${campaignId}`);
          // nothing half-way, not even the campaign row
          expect(await rowsOf(campaignId)).toEqual({ campaigns: 0, jobs: 0, errors: 0, duplicates: 0 });
          return;
        }
        // every data record became a job or an ingest error with a reason
        expect(await rowsOf(campaignId)).toEqual({
          campaigns: 1,
          jobs: counts.good,
          errors: counts.bad,
          duplicates: counts.duplicates,
        });
        const { rows: reasons } = await pool.query<{ code: string; reason: string }>(
          'SELECT code, reason FROM ingest_errors WHERE campaign_id = $1',
          [campaignId],
        );
        for (const r of reasons) expect(r.reason.length).toBeGreaterThan(3);
        // idempotent: a second ingest of the same file adds nothing
        const again = await ingestCsvIntoCampaign(pool, campaignId, file, settings);
        expect(again.alreadyIngested).toBe(true);
        expect(countsOf(again)).toEqual(countsOf(counts));
      }),
      { ...parameters, examples: FOUND },
    );
  });

  it('refuses a file whose record is too long without writing the rows before it', async () => {
    const parameters = fuzzParameters('ingest: record too long', { seed: 4_000, numRuns: 6, maxRuns: 100 });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2500 }), async (goodRows) => {
        const campaignId = `fz-${randomUUID().slice(0, 8)}`;
        const good = Array.from({ length: goodRows }, () => `${WATER},0,0,x`);
        // an unbalanced quote swallows the rest of the file
        const file = writeCsv([HEADER, ...good, `"O 0 0 0${'y'.repeat(5000)}`].join('\n'));
        const error = await ingestCsvIntoCampaign(pool, campaignId, file, {
          ...settings,
          maxRecordChars: 4000,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApplicationFailure);
        expect((error as ApplicationFailure).type).toBe('IngestInputError');
        expect((error as ApplicationFailure).nonRetryable).toBe(true);
        expect((error as Error).message).toMatch(/longer than 4000 characters/);
        expect(await rowsOf(campaignId)).toEqual({ campaigns: 0, jobs: 0, errors: 0, duplicates: 0 });
      }),
      parameters,
    );
  });

  it('refuses a missing file and bad options clearly', async () => {
    const campaignId = `fz-${randomUUID().slice(0, 8)}`;
    await expect(
      ingestCsvIntoCampaign(pool, campaignId, '/nonexistent/x.csv', settings),
    ).rejects.toMatchObject({
      type: 'IngestInputError',
      nonRetryable: true,
    });
    const file = writeCsv(`aligned_csd_core,charge,uhf\n${WATER},0,0\n`);
    const parameters = fuzzParameters('ingest: hostile options', { seed: 30, numRuns: 30 });
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
      parameters,
    );
    // whatever was tried, the only rows are those of the valid file
    expect((await rowsOf(campaignId)).jobs).toBeLessThanOrEqual(1);
  });
});
