import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { connectClient } from '../../temporal/connection';
import { resetFailedCampaign } from '../campaign-reset';
import { integerOption } from './report';

export function registerResetFailedCommand(program: Command): void {
  program
    .command('reset-failed')
    .description('put failed jobs of a running campaign back in the queue (the resetFailed update)')
    .argument('<campaign>', 'campaign workflow id')
    .option('--include-timeouts', 'also reset jobs that timed out', false)
    .option(
      '--max-fail-count <n>',
      'only jobs that failed at most n times',
      integerOption('--max-fail-count', 0),
    )
    .action(async (campaign: string, options: { includeTimeouts: boolean; maxFailCount?: number }) => {
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const { reset, reopened } = await resetFailedCampaign(client, config, campaign, {
          includeTimeouts: options.includeTimeouts,
          maxFailCount: options.maxFailCount,
        });
        console.log(
          `${reset} job(s) reset to ready in campaign ${campaign}${reopened ? ' (closed campaign reopened)' : ''}`,
        );
      } finally {
        await client.connection.close();
      }
    });
}
