import type { Command } from 'commander';
import { identifier } from '../../campaign/input';
import { loadConfig } from '../../config';
import { createPool, listOperatorActions } from '../../db';
import { describeError, redactSecrets } from '../../redact';
import { renderOperatorHistory } from '../operator-history-view';
import { integerOption } from './report';

const DEFAULT_LIMIT = 100;
/** pg's SQLSTATE for "relation does not exist": the database predates the audit trail's migration. */
const UNDEFINED_TABLE = '42P01';

export function registerHistoryCommand(program: Command): void {
  program
    .command('history')
    .description(
      "a campaign's operator actions (audit trail): who paused, resumed, reset, cancelled… and when",
    )
    .argument('<campaign>', 'campaign id')
    .option('--json', 'print the actions as JSON', false)
    .option('--limit <n>', 'show the newest n actions', integerOption('--limit', 1), DEFAULT_LIMIT)
    .action(async (campaign: string, options: { json: boolean; limit: number }) => {
      const id = identifier.safeParse(campaign);
      if (!id.success) {
        console.error(
          `orcastrate history: campaign id ${JSON.stringify(campaign)}: ${id.error.issues[0]?.message}`,
        );
        process.exitCode = 2;
        return;
      }
      const { databaseUrl } = loadConfig();
      const pool = createPool(databaseUrl, 1);
      try {
        const history = await listOperatorActions(pool, id.data, options.limit).catch((error: unknown) => {
          throw explainReadError(databaseUrl, error);
        });
        console.log(
          options.json
            ? JSON.stringify({ campaignId: id.data, ...history }, null, 2)
            : renderOperatorHistory(id.data, history),
        );
      } finally {
        await pool.end();
      }
    });
}

/** One line naming the (redacted) database, printed by the CLI's error printer. */
function explainReadError(databaseUrl: string, error: unknown): Error {
  const where = `DATABASE_URL=${redactSecrets(databaseUrl)}`;
  const hint =
    (error as { code?: unknown }).code === UNDEFINED_TABLE
      ? '; run `orcastrate db migrate` to add the operator_actions table'
      : '';
  const reason = describeError(error).replace(/\s+/g, ' ');
  return new Error(`cannot read operator actions (${where}): ${reason}${hint}`, { cause: error });
}
