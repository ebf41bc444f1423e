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

export interface IngestResult {
  rows: number;
  oursSeconds: number;
  psqlSeconds: number;
  ratio: number;
}

export async function ingestVersusPsql(stack: Stack, rows: number): Promise<IngestResult> {
  const csv = path.join(stack.workDir, 'architector.csv');
  const out = createWriteStream(csv);
  for (const line of generateArchitectorCsv(rows, 7)) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const campaignId = `ingest-${randomUUID().slice(0, 6)}`;
  await upsertCampaign(stack.pool, campaignId, {});
  const began = Date.now();
  const counts = await ingestCsvIntoCampaign(stack.pool, campaignId, csv, {
    preset: 'default',
    keepColumns: ['name', 'metal'],
  });
  const oursSeconds = (Date.now() - began) / 1000;
  if (counts.good !== rows) throw new Error(`ingest: ${counts.good} of ${rows} rows are jobs`);

  // psql \copy of the same rows, same columns, into an equivalent table (same constraints and indexes)
  const rowsCsv = path.join(stack.workDir, 'jobs-rows.csv');
  const columns =
    'campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra';
  await run('psql', [
    stack.databaseUrl,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `\\copy (SELECT ${columns} FROM jobs WHERE campaign_id = '${campaignId}') TO '${rowsCsv}' CSV`,
  ]);
  await stack.pool.query(
    'CREATE TABLE bench_jobs_copy (LIKE jobs INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
  );
  const copyStarted = Date.now();
  await run('psql', [
    stack.databaseUrl,
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `\\copy bench_jobs_copy (${columns}) FROM '${rowsCsv}' CSV`,
  ]);
  const psqlSeconds = (Date.now() - copyStarted) / 1000;
  const { rows: copied } = await stack.pool.query<{ n: string }>('SELECT count(*) AS n FROM bench_jobs_copy');
  if (Number(copied[0]!.n) !== rows) throw new Error('psql \\copy did not load every row');
  return { rows, oursSeconds, psqlSeconds, ratio: oursSeconds / psqlSeconds };
}

/** Section 4: our CSV ingest against psql `\copy` of the same rows. */
export async function ingestSection(stack: Stack, options: Options): Promise<string[]> {
  const lines = heading('4. Ingest: our path vs psql \\copy (same rows, same columns, equivalent table)');
  log(`ingest: ${options.ingestRows} rows`);
  const r = await ingestVersusPsql(stack, options.ingestRows);
  lines.push(
    `${r.rows} generated architector-style rows (\`generateArchitectorCsv\`): \`ingestCsvIntoCampaign\``,
    '(CSV parse, validation, geometry, one transaction) vs `psql \\copy` of the resulting rows into',
    '`CREATE TABLE ... (LIKE jobs INCLUDING ALL constraints and indexes)`.',
    '',
    '| rows | ours | psql \\copy | ours / psql |',
    '| ---: | ---: | ---: | ---: |',
    `| ${r.rows} | ${fmt(r.oursSeconds)} s | ${fmt(r.psqlSeconds)} s | **${fmt(r.ratio, 2)}×** |`,
  );
  console.log(`ingest ${r.rows} rows: ours/psql = ${fmt(r.ratio, 2)}x`);
  return lines;
}
