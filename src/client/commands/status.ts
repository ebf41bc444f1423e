import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createPool } from '../../db/pool';
import { campaignExists, loadCampaignReport } from '../campaign-report';
import { renderCampaignReport } from '../status-view';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('campaign dashboard from Postgres: counts, completion bar, metrics, failures')
    .argument('<campaign>', 'campaign id')
    .option('--failed', 'list failed and timed-out jobs with their reasons', false)
    .option('--json', 'print the report as JSON', false)
    .action(async (campaign: string, options: { failed: boolean; json: boolean }) => {
      const pool = createPool(loadConfig().databaseUrl, 2);
      try {
        if (!(await campaignExists(pool, campaign))) {
          console.error(`no campaign ${JSON.stringify(campaign)} in the database`);
          process.exitCode = 1;
          return;
        }
        const report = await loadCampaignReport(pool, campaign, options.failed);
        console.log(options.json ? JSON.stringify(report, null, 2) : renderCampaignReport(report));
      } finally {
        await pool.end();
      }
    });
}
