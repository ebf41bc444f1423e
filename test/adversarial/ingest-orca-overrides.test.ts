import type { IngestSettings } from '../../src/campaign/input';
import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import { createPool } from '../../src/db/pool';
import { readHarnessState } from '../harness/state';
import { AMMONIA, newCampaignId, refusalStoringNothing, WATER, writeCsv } from './ingest-support';

const HEADER = 'aligned_csd_core,charge,uhf,orca_keywords,orca_blocks';
const row = (geometry: string, keywords: string, blocks: string) =>
  [geometry, '0', '0', keywords, blocks].map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',');
const overrides: IngestSettings = {
  preset: 'default',
  keepColumns: [],
  orcaKeywordsColumn: 'orca_keywords',
  orcaBlocksColumn: 'orca_blocks',
};

// A row's ORCA keywords and blocks are checked by the rules of the campaign's own: a bad cell makes a
// bad row naming its row, line and column, and never reaches a job's input.
describe('per-row ORCA keywords and blocks from CSV columns', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  it('stores good cells, keeps empty ones as none, and rejects each bad cell as a bad row', async () => {
    const campaignId = newCampaignId();
    const csv = writeCsv([
      HEADER,
      row(WATER, '! B3LYP def2-TZVP Opt Freq', '%scf MaxIter 300 end'), // row 0, line 2
      row(AMMONIA, '', 'nan'), // row 1, line 5
      row(WATER, 'B3LYP Opt', ''), // row 2, line 9
      row(WATER, '! B3LYP\n! Opt', ''), // row 3, line 12
      row(WATER, '', '%scf MaxIter 300'), // row 4, line 16
      row(WATER, '', '%pal nprocs 64 end'), // row 5, line 19
      row(WATER, '', '%scf MaxIter 300 end\n* xyz 0 1\nH 0 0 0\n*'), // row 6, line 22
      row(WATER, '', '%scf MaxIter 300 end\n%scf Shift 0.1 end'), // row 7, line 28
      row(WATER, '', '%geom MaxIter 80 end\n! TightSCF'), // row 8, line 32
      row(AMMONIA, '! PBE0 def2-SVP SP', '%scf\n  MaxIter 500\nend\n%geom Constraints { B 0 1 C } end end'), // row 9
    ]);
    const counts = await ingestCsvIntoCampaign(pool, campaignId, csv, overrides);
    expect(counts).toMatchObject({ good: 3, bad: 7, rows: 10 });

    const jobs = await pool.query<{
      row_index: number;
      orca_keywords: string | null;
      orca_blocks: string | null;
    }>('SELECT row_index, orca_keywords, orca_blocks FROM jobs WHERE campaign_id = $1 ORDER BY row_index', [
      campaignId,
    ]);
    expect(jobs.rows).toEqual([
      { row_index: 0, orca_keywords: '! B3LYP def2-TZVP Opt Freq', orca_blocks: '%scf MaxIter 300 end' },
      { row_index: 1, orca_keywords: null, orca_blocks: null },
      {
        row_index: 9,
        orca_keywords: '! PBE0 def2-SVP SP',
        orca_blocks: '%scf\n  MaxIter 500\nend\n%geom Constraints { B 0 1 C } end end',
      },
    ]);
    const errors = await pool.query<{ row_number: number; code: string; reason: string }>(
      'SELECT row_number, code, reason FROM ingest_errors WHERE campaign_id = $1 ORDER BY row_number',
      [campaignId],
    );
    expect(errors.rows.map((e) => [e.row_number, e.code])).toEqual([
      [2, 'bad-orca-keywords'],
      [3, 'bad-orca-keywords'],
      [4, 'bad-orca-blocks'],
      [5, 'bad-orca-blocks'],
      [6, 'bad-orca-blocks'],
      [7, 'bad-orca-blocks'],
      [8, 'bad-orca-blocks'],
    ]);
    const reasons = errors.rows.map((e) => e.reason);
    expect(reasons[0]).toBe(
      'row 2 (line 9): column "orca_keywords": must start with "!" like an ORCA simple-input line',
    );
    expect(reasons[1]).toBe('row 3 (line 12): column "orca_keywords": must be a single line');
    expect(reasons[2]).toBe(
      'row 4 (line 16): column "orca_blocks": line 1: the %scf block is not closed by "end"',
    );
    expect(reasons[3]).toMatch(
      /^row 5 \(line 19\): column "orca_blocks": line 1: %pal and %maxcore follow cores/,
    );
    expect(reasons[4]).toMatch(
      /^row 6 \(line 22\): column "orca_blocks": line 2: "\* …": the structure comes from the CSV/,
    );
    expect(reasons[5]).toMatch(
      /^row 7 \(line 28\): column "orca_blocks": line 2: %scf is already given on line 1/,
    );
    expect(reasons[6]).toMatch(
      /^row 8 \(line 32\): column "orca_blocks": line 2: a "!" keyword line belongs in keywords/,
    );
  });

  it('refuses a CSV without a column the settings name, storing nothing', async () => {
    const campaignId = newCampaignId();
    const csv = writeCsv([
      'aligned_csd_core,charge,uhf,orca_keywords',
      row(WATER, '! SP', '').replace(/,""$/, ''),
    ]);
    const message = await refusalStoringNothing(
      pool,
      campaignId,
      ingestCsvIntoCampaign(pool, campaignId, csv, overrides),
    );
    expect(message).toMatch(/the CSV header has no ORCA blocks column "orca_blocks"/);
  });
});
