import * as path from 'node:path';
import type { Command } from 'commander';
import type { Pool } from 'pg';
import { identifier } from '../../campaign/input';
import { loadConfig } from '../../config';
import { createPool, duplicateJobs, ingestErrors } from '../../db';
import { ingestCampaignCsv, type IngestOutcome } from '../../ingest/csv-into-campaign';

const DUPLICATES_SHOWN = 10;

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      'stream an architector CSV into Postgres jobs (bad rows reported, good rows kept; ' +
        'the same CSV again is a no-op, a different one is refused)',
    )
    .argument('<csv>', 'CSV file')
    .requiredOption('--campaign <id>', 'campaign id')
    .option('--preset <name>', 'column preset: default | architector', 'default')
    .option('--geometry-column <name>', 'geometry column')
    .option('--charge-column <name>', 'charge column')
    .option('--spin-column <name>', 'spin column')
    .option('--spin-kind <kind>', 'uhf (unpaired electrons) | multiplicity')
    .option('--keep-columns <a,b>', 'extra columns to keep with each job')
    .option('--orca-keywords-column <name>', "column of a row's own ORCA keywords (replace the step's)")
    .option('--orca-blocks-column <name>', "column of a row's own % blocks (merged into the step's by name)")
    .action(async (csv: string, options: Record<string, string | undefined>) => {
      const id = identifier.safeParse(options.campaign);
      if (!id.success)
        throw new Error(`--campaign ${JSON.stringify(options.campaign)}: ${id.error.issues[0]?.message}`);
      const campaignId = id.data;
      const ingest = {
        preset: options.preset as 'default' | 'architector',
        geometryColumn: options.geometryColumn,
        chargeColumn: options.chargeColumn,
        spinColumn: options.spinColumn,
        spinKind: options.spinKind as 'uhf' | 'multiplicity' | undefined,
        keepColumns: options.keepColumns?.split(',').filter(Boolean) ?? [],
        orcaKeywordsColumn: options.orcaKeywordsColumn,
        orcaBlocksColumn: options.orcaBlocksColumn,
      };
      const csvPath = path.resolve(csv);
      const pool = createPool(loadConfig().databaseUrl, 2);
      try {
        let lastShown = 0;
        // a refused ingest throws: the CLI prints its message and exits 1
        const outcome = await ingestCampaignCsv(pool, campaignId, csvPath, ingest, {
          settings: { ingest, csvPath },
          onProgress: (rows) => {
            if (rows - lastShown >= 10_000) {
              lastShown = rows;
              process.stderr.write(`  ... ${rows} rows read\n`);
            }
          },
        });
        await printOutcome(pool, campaignId, outcome);
      } finally {
        await pool.end();
      }
    });
}

/** Bad rows printed one by one; a CSV of 100k broken rows must not flood the terminal. */
const SHOWN_BAD_ROWS = 50;

async function printOutcome(pool: Pool, campaignId: string, outcome: IngestOutcome): Promise<void> {
  const source = `sha256 ${outcome.sha256.slice(0, 12)}…, ${outcome.rows} rows`;
  if (outcome.alreadyIngested) {
    console.log(`campaign ${campaignId} already holds this CSV (${source}): nothing new stored`);
  }
  const errors = await ingestErrors(pool, campaignId);
  for (const error of errors.slice(0, SHOWN_BAD_ROWS))
    console.log(`  bad row: ${error.reason.slice(0, 300)}`);
  if (errors.length > SHOWN_BAD_ROWS) {
    console.log(
      `  ... and ${errors.length - SHOWN_BAD_ROWS} more bad rows (all of them: table ingest_errors)`,
    );
  }
  console.log(
    `campaign ${campaignId}: ${outcome.good} jobs stored, ${outcome.bad} bad rows, ` +
      `${outcome.duplicates} duplicate structures` +
      (outcome.alreadyIngested ? '' : ` (${source})`),
  );
  const byReason = new Map<string, number>();
  for (const error of errors) byReason.set(error.code, (byReason.get(error.code) ?? 0) + 1);
  if (byReason.size) {
    console.log(`bad rows by reason: ${[...byReason].map(([r, n]) => `${r}: ${n}`).join(', ')}`);
  }
  if (outcome.duplicates > 0) {
    const rows = await duplicateJobs(pool, campaignId, DUPLICATES_SHOWN);
    const shown = rows.map((r) => `row ${r.rowIndex} = row ${r.duplicateOf}`).join(', ');
    const more = outcome.duplicates > rows.length ? `, … ${outcome.duplicates - rows.length} more` : '';
    // still jobs (replicas may be intended): say so, so that nobody is surprised by the job count
    console.log(`${outcome.duplicates} duplicate structures (still jobs): ${shown}${more}`);
  }
}
