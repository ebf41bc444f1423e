import type { Command } from 'commander';
import { JOB_STATUSES } from '../../campaign/statuses';
import { loadConfig } from '../../config';
import { createPool } from '../../db/pool';
import { listCampaignJobs } from '../campaign-jobs';
import { renderJobTable } from '../job-table';
import { integerOption } from './report';
import { reportRequestError } from './request-errors';

interface JobsOptions {
  status?: string;
  json: boolean;
  limit?: number;
}

/** `orcastrate jobs <campaign> [--status s[,s…]] [--json] [--limit n]`: the jobs table, from Postgres. */
export function registerJobsCommand(program: Command): void {
  program
    .command('jobs')
    .description(
      "list a campaign's jobs: id, row, status, reason, attempts, latest attempt's directory (row order)",
    )
    .argument('<campaign>', 'campaign id')
    .option('--status <s[,s…]>', `only jobs in these statuses (${JOB_STATUSES.join(', ')})`)
    .option('--json', 'one JSON object per job per line (JSON lines) instead of a table', false)
    .option('--limit <n>', 'at most n jobs', integerOption('--limit', 1))
    .action(async (campaign: string, options: JobsOptions) => {
      const pool = createPool(loadConfig().databaseUrl, 1);
      try {
        const jobs = await listCampaignJobs(pool, campaign, { status: options.status, limit: options.limit });
        if (options.json) {
          for (const job of jobs) process.stdout.write(`${JSON.stringify(job)}\n`);
        } else {
          console.log(renderJobTable(jobs));
        }
      } catch (error) {
        if (!reportRequestError(error)) throw error;
      } finally {
        await pool.end();
      }
    });
}
