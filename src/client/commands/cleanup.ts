import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createPool } from '../../db/pool';
import { CampaignStillRunningError, cleanupCampaign, type CleanupReport } from '../campaign-cleanup';
import { connectClient } from '../../temporal/connection';
import { integerOption } from './report';

export function registerCleanupCommand(program: Command): void {
  program
    .command('cleanup')
    .description(
      'after `temporal workflow terminate` of a campaign: cancel its job workflows and scheduler jobs, mark leftovers cancelled',
    )
    .argument('<campaign>', 'campaign id')
    .option(
      '--wait-seconds <s>',
      'how long to wait for job workflows to close',
      integerOption('--wait-seconds', 0),
      120,
    )
    .option('--json', 'print what was done as JSON', false)
    .action(async (campaign: string, options: { waitSeconds: number; json: boolean }) => {
      const config = loadConfig();
      const client = await connectClient(config);
      const pool = createPool(config.databaseUrl, 2);
      try {
        const report = await cleanupCampaign(client, pool, {
          campaignId: campaign,
          dataRoot: config.dataRoot,
          workerHost: config.workerHost,
          waitMs: options.waitSeconds * 1000,
        });
        console.log(options.json ? JSON.stringify(report, null, 2) : describeCleanup(campaign, report));
        if (report.jobWorkflowsStillOpen.length || report.schedulerErrors.length) process.exitCode = 1;
      } catch (error) {
        if (!(error instanceof CampaignStillRunningError)) throw error;
        console.error(error.message);
        process.exitCode = 2;
      } finally {
        await pool.end();
        await client.connection.close();
      }
    });
}

function describeCleanup(campaign: string, report: CleanupReport): string {
  const workflow = report.campaignWorkflow;
  const lines = [
    `cleanup of campaign ${campaign}` +
      (workflow
        ? ` (campaign workflow ${workflow.workflowId}: ${workflow.status})`
        : ' (no campaign workflow found)'),
    `  job workflows cancelled: ${report.jobWorkflowsCancelled.length}`,
    ...report.jobWorkflowsCancelled.map((id) => `    ${id}`),
    `  scheduler jobs cancelled directly: ${report.schedulerJobsCancelled.length}`,
    ...report.schedulerJobsCancelled.map((job) => `    ${job}`),
    `  marked cancelled in Postgres: ${report.attemptsMarked} attempts, ${report.activeJobsMarked} active jobs, ${report.readyJobsMarked} jobs that never started`,
  ];
  if (report.jobWorkflowsStillOpen.length) {
    lines.push(`  STILL OPEN after waiting: ${report.jobWorkflowsStillOpen.join(', ')}`);
  }
  for (const error of report.schedulerErrors) lines.push(`  scheduler error: ${error}`);
  return lines.join('\n');
}
