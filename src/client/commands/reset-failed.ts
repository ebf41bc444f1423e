import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { resetFailedUpdate } from '../../workflows/messages';
import { connectClient } from '../../temporal/connection';
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
      const client = await connectClient(loadConfig());
      try {
        const reset = await client.workflow.getHandle(campaign).executeUpdate(resetFailedUpdate, {
          args: [{ includeTimeouts: options.includeTimeouts, maxFailCount: options.maxFailCount }],
        });
        console.log(`${reset} job(s) reset to ready in campaign ${campaign}`);
      } finally {
        await client.connection.close();
      }
    });
}
