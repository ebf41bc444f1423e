import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../config';
import { createPool } from '../../db/pool';
import { connectClient } from '../../temporal/connection';
import { DEFAULT_WATCH_INTERVAL_SECONDS } from '../campaign-watch';
import { INTERRUPTED_EXIT_CODE, printCampaignWatch } from '../watch-output';
import { reportRequestError } from './request-errors';

const MAX_INTERVAL_SECONDS = 3600;

export function secondsOption(name: string) {
  return (value: string): number => {
    const seconds = Number(value);
    if (!/^\s*\d*\.?\d+\s*$/.test(value) || !(seconds > 0) || seconds > MAX_INTERVAL_SECONDS) {
      throw new InvalidArgumentError(
        `${name} must be a number of seconds > 0 and <= ${MAX_INTERVAL_SECONDS}`,
      );
    }
    return seconds;
  };
}

/** `orcastrate watch <campaign> [--json] [--interval s]`: progress until the campaign settles or closes. */
export function registerWatchCommand(program: Command): void {
  program
    .command('watch')
    .description(
      'stream a campaign: counts, then one line per job transition and the counts when they change, ' +
        'until it settles (every job final) or its workflow closes; Ctrl-C stops (exit 130)',
    )
    .argument('<campaign>', 'campaign workflow id (or campaign id)')
    .option('--json', 'one JSON object per line: {"type":"counts"|"transition"|"settled"|"closed",…}', false)
    .option(
      '--interval <seconds>',
      `seconds between polls (default ${DEFAULT_WATCH_INTERVAL_SECONDS})`,
      secondsOption('--interval'),
    )
    .action(async (campaign: string, options: { json: boolean; interval?: number }) => {
      const config = loadConfig();
      const client = await connectClient(config);
      const pool = createPool(config.databaseUrl, 2);
      try {
        const last = await printCampaignWatch({ client, pool }, campaign, {
          json: options.json,
          intervalSeconds: options.interval,
        });
        if (!last) process.exitCode = INTERRUPTED_EXIT_CODE;
      } catch (error) {
        if (!reportRequestError(error)) throw error;
      } finally {
        await pool.end();
        await client.connection.close();
      }
    });
}
