import * as path from 'node:path';
import type { Command } from 'commander';
import { ingestCsvIntoCampaign, upsertCampaign } from '../../activities/campaign-db';
import { identifier } from '../../campaign/input';
import { loadConfig } from '../../config';
import { createPool } from '../../db/pool';

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      'stream an architector CSV into Postgres jobs (idempotent; bad rows reported, good rows kept)',
    )
    .argument('<csv>', 'CSV file')
    .requiredOption('--campaign <id>', 'campaign id')
    .option('--preset <name>', 'column preset: default | architector', 'default')
    .option('--geometry-column <name>', 'geometry column')
    .option('--charge-column <name>', 'charge column')
    .option('--spin-column <name>', 'spin column')
    .option('--spin-kind <kind>', 'uhf (unpaired electrons) | multiplicity')
    .option('--keep-columns <a,b>', 'extra columns to keep with each job')
    .action(async (csv: string, options: Record<string, string | undefined>) => {
      const campaignId = identifier.parse(options.campaign);
      const ingest = {
        preset: options.preset as 'default' | 'architector',
        geometryColumn: options.geometryColumn,
        chargeColumn: options.chargeColumn,
        spinColumn: options.spinColumn,
        spinKind: options.spinKind as 'uhf' | 'multiplicity' | undefined,
        keepColumns: options.keepColumns?.split(',').filter(Boolean) ?? [],
      };
      const pool = createPool(loadConfig().databaseUrl, 2);
      try {
        const { rows: before } = await pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM ingest_errors WHERE campaign_id = $1',
          [campaignId],
        );
        await upsertCampaign(pool, campaignId, { ingest, csvPath: path.resolve(csv) });
        let lastShown = 0;
        const counts = await ingestCsvIntoCampaign(pool, campaignId, path.resolve(csv), ingest, (rows) => {
          if (rows - lastShown >= 10_000) {
            lastShown = rows;
            process.stderr.write(`  ... ${rows} rows read\n`);
          }
        });
        const { rows: errors } = await pool.query<{ row_number: number; code: string; reason: string }>(
          'SELECT row_number, code, reason FROM ingest_errors WHERE campaign_id = $1 ORDER BY row_number',
          [campaignId],
        );
        for (const error of errors) console.log(`  bad row: ${error.reason}`);
        const byReason = new Map<string, number>();
        for (const error of errors) {
          byReason.set(error.code, (byReason.get(error.code) ?? 0) + 1);
        }
        console.log(
          `campaign ${campaignId}: ${counts.good} jobs stored, ${counts.bad} bad rows` +
            (Number(before[0]!.n) ? ' (including earlier ingests)' : ''),
        );
        if (byReason.size)
          console.log(`bad rows by reason: ${[...byReason].map(([r, n]) => `${r}: ${n}`).join(', ')}`);
      } finally {
        await pool.end();
      }
    });
}
