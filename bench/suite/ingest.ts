import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import { upsertCampaign } from '../../src/db';
import { generateArchitectorCsv } from '../../src/ingest';
import type { Options } from './options';
import { fmt, heading, log } from './report';
import type { Stack } from './stack';

const run = promisify(execFile);

export interface IngestRound {
  oursSeconds: number;
  psqlSeconds: number;
  ratio: number;
  /** Resident set size of this process before our ingest and the most sampled during it, in MB. */
  rssBeforeMb: number;
  rssPeakMb: number;
}

const COLUMNS =
  'campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra, duplicate_of';

/**
 * One round: our ingest of the CSV into a new campaign, then `psql \copy` of the very rows it stored
 * into the same `jobs` table under another new campaign, so both loads meet the same constraints,
 * foreign key, indexes and triggers. Each campaign is deleted and the table vacuumed after its load,
 * so each load starts from the same table.
 */
async function ingestRound(stack: Stack, csv: string, rows: number): Promise<IngestRound> {
  const ours = `ingest-${randomUUID().slice(0, 6)}`;
  await upsertCampaign(stack.pool, ours, {});
  const rssBeforeMb = process.memoryUsage().rss / 1e6;
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => {
    rssPeakMb = Math.max(rssPeakMb, process.memoryUsage().rss / 1e6);
  }, 25);
  const began = Date.now();
  const counts = await ingestCsvIntoCampaign(stack.pool, ours, csv, {
    preset: 'default',
    keepColumns: ['name', 'metal'],
  }).finally(() => clearInterval(sampler));
  const oursSeconds = (Date.now() - began) / 1000;
  if (counts.good !== rows) throw new Error(`ingest: ${counts.good} of ${rows} rows are jobs`);

  const theirs = `psql-${randomUUID().slice(0, 6)}`;
  const rowsCsv = path.join(stack.workDir, `${theirs}.csv`);
  await psql(
    stack,
    `\\copy (SELECT '${theirs}', ${COLUMNS.replace('campaign_id, ', '')} FROM jobs ` +
      `WHERE campaign_id = '${ours}' ORDER BY row_index) TO '${rowsCsv}' CSV`,
  );
  await dropCampaign(stack, ours);
  await upsertCampaign(stack.pool, theirs, {});
  const copyStarted = Date.now();
  await psql(stack, `\\copy jobs (${COLUMNS}) FROM '${rowsCsv}' CSV`);
  const psqlSeconds = (Date.now() - copyStarted) / 1000;
  const { rows: copied } = await stack.pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM jobs WHERE campaign_id = $1',
    [theirs],
  );
  if (Number(copied[0]!.n) !== rows) throw new Error('psql \\copy did not load every row');
  await dropCampaign(stack, theirs);
  return { oursSeconds, psqlSeconds, ratio: oursSeconds / psqlSeconds, rssBeforeMb, rssPeakMb };
}

async function psql(stack: Stack, command: string): Promise<void> {
  await run('psql', [stack.databaseUrl, '-v', 'ON_ERROR_STOP=1', '-c', command]);
}

async function dropCampaign(stack: Stack, campaignId: string): Promise<void> {
  await stack.pool.query('DELETE FROM campaigns WHERE id = $1', [campaignId]);
  await stack.pool.query('VACUUM ANALYZE jobs');
}

async function writeGeneratedCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  for (const line of generateArchitectorCsv(rows, 7)) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Section 4: our CSV ingest against psql `\copy` of the same rows, round after round. */
export async function ingestSection(stack: Stack, options: Options): Promise<string[]> {
  const lines = heading('4. Ingest: our path vs psql \\copy (same rows, same table)');
  const rows = options.ingestRows;
  const csv = path.join(stack.workDir, 'architector.csv');
  await writeGeneratedCsv(csv, rows);
  const rounds: IngestRound[] = [];
  for (let round = 1; round <= options.ingestRounds; round++) {
    log(`ingest: ${rows} rows, round ${round} of ${options.ingestRounds}`);
    const result = await ingestRound(stack, csv, rows);
    console.log(`ingest ${rows} rows, round ${round}: ours/psql = ${fmt(result.ratio, 2)}x`);
    rounds.push(result);
  }
  const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b);
  const middle = ratios.length / 2;
  const median =
    ratios.length % 2 ? ratios[Math.floor(middle)]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
  lines.push(
    `${rows} generated architector-style rows (\`generateArchitectorCsv\`): \`ingestCsvIntoCampaign\``,
    '(CSV parse, validation, geometry, COPY, one transaction) vs `psql \\copy` of the rows it stored, into',
    'the same `jobs` table (same constraints, foreign key, indexes and triggers) under another campaign;',
    'each load starts from the same table (the other campaign deleted, `VACUUM ANALYZE jobs`).',
    'RSS: this process before our ingest and the most sampled (every 25 ms) during it.',
    '',
    '| round | ours | psql \\copy | ours / psql | RSS before → peak |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...rounds.map(
      (r, i) =>
        `| ${i + 1} | ${fmt(r.oursSeconds, 2)} s | ${fmt(r.psqlSeconds, 2)} s | **${fmt(r.ratio, 2)}×** | ` +
        `${fmt(r.rssBeforeMb, 0)} → ${fmt(r.rssPeakMb, 0)} MB |`,
    ),
    '',
    `Median ours / psql over ${rounds.length} round(s): **${fmt(median, 2)}×** (target ≤ 1.5×).`,
  );
  return lines;
}
