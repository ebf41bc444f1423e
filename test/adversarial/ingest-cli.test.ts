import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createPool } from '../../src/db/pool';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import {
  AMMONIA,
  csvRow,
  HEADER,
  newCampaignId,
  NOTHING_STORED,
  stored,
  WATER,
  writeCsv,
} from './ingest-support';

const ORCASTRATE = path.join(REPO_ROOT, 'bin/orcastrate');
const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `orcastrate ingest …` as a user runs it, against the harness database. */
async function ingestCli(...args: string[]): Promise<CliResult> {
  const env = { ...process.env, DATABASE_URL: readHarnessState().databaseUrl };
  try {
    const { stdout, stderr } = await run(ORCASTRATE, ['ingest', ...args], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const shortSha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);

describe('orcastrate ingest', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  beforeAll(assertBuilt);
  afterAll(() => pool.end());

  it('reports jobs, bad rows and duplicates, then the same CSV again as already held', async () => {
    const campaignId = newCampaignId('cli');
    const csv = writeCsv([
      HEADER,
      csvRow(WATER, 0, 0), // 0
      csvRow(AMMONIA, 0, 0), // 1
      csvRow(WATER, 0, 0), // 2 = 0
      csvRow('Xx 0 0 0', 0, 0), // 3 bad
      csvRow(WATER, -3000000000, 0), // 4 bad
      csvRow(AMMONIA, 0, 0), // 5 = 1
    ]);
    const first = await ingestCli(csv, '--campaign', campaignId);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(
      `campaign ${campaignId}: 4 jobs stored, 2 bad rows, 2 duplicate structures (sha256 ${shortSha(csv)}…, 6 rows)`,
    );
    expect(first.stdout).toContain('2 duplicate structures (still jobs): row 2 = row 0, row 5 = row 1\n');
    expect(first.stdout).toContain('bad rows by reason: unknown-element: 1, bad-charge: 1');
    expect(first.stdout).toMatch(/bad row: row 4 \(line 13\): charge -3000000000 is out of range/);
    const held = await stored(pool, campaignId);
    expect(held.jobs).toHaveLength(4);

    const again = await ingestCli(csv, '--campaign', campaignId);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain(
      `campaign ${campaignId} already holds this CSV (sha256 ${shortSha(csv)}…, 6 rows)`,
    );
    expect(again.stdout).toContain(
      `campaign ${campaignId}: 4 jobs stored, 2 bad rows, 2 duplicate structures\n`,
    );
    expect(await stored(pool, campaignId)).toEqual(held);
  });

  it('caps the list of duplicates', async () => {
    const campaignId = newCampaignId('cli');
    const csv = writeCsv([HEADER, ...Array.from({ length: 16 }, () => csvRow(WATER, 0, 0))]);
    const { code, stdout } = await ingestCli(csv, '--campaign', campaignId);
    expect(code).toBe(0);
    const listed = Array.from({ length: 10 }, (_, i) => `row ${i + 1} = row 0`).join(', ');
    expect(stdout).toContain(`15 duplicate structures (still jobs): ${listed}, … 5 more\n`);
  });

  it('exits 1 with the reason when it refuses, storing nothing', async () => {
    const campaignId = newCampaignId('cli');
    const first = writeCsv([HEADER, csvRow(WATER, 0, 0)]);
    const other = writeCsv([HEADER, csvRow(AMMONIA, 0, 0), csvRow(WATER, 0, 0)]);
    expect((await ingestCli(first, '--campaign', campaignId)).code).toBe(0);
    const before = await stored(pool, campaignId);
    const refused = await ingestCli(other, '--campaign', campaignId);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `orcastrate: campaign ${campaignId} already holds CSV sha256 ${shortSha(first)}…`,
    );
    expect(refused.stderr).toContain(`sha256 ${shortSha(other)}… (2 rows)`);
    expect(refused.stdout).not.toMatch(/jobs stored/);
    expect(await stored(pool, campaignId)).toEqual(before);

    const fresh = newCampaignId('cli');
    const badHeader = writeCsv(['geometry,charge,uhf', csvRow(WATER, 0, 0)]);
    const header = await ingestCli(badHeader, '--campaign', fresh);
    expect(header.code).toBe(1);
    expect(header.stderr).toMatch(
      /^orcastrate: campaign cli-\w+: CSV ".*" on host .*: the CSV header has no geometry column/m,
    );
    const missing = await ingestCli(path.join(path.dirname(badHeader), 'nope.csv'), '--campaign', fresh);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv" on host .*: it does not exist/);
    const directory = await ingestCli(path.dirname(badHeader), '--campaign', fresh);
    expect(directory.stderr).toMatch(/: it is a directory, not a regular file/);
    expect(await stored(pool, fresh)).toEqual(NOTHING_STORED);

    const badId = await ingestCli(first, '--campaign', 'a/b');
    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/^orcastrate: --campaign "a\/b": letters, digits/m);
  });
});
