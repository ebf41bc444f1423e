import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { DatabaseConnectError, ensureDatabase, migrate, MISSING_DATABASE } from '../../db/migrate';
import { describeError, redactSecrets } from '../../redact';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('manage the orcastrate Postgres database');
  db.command('migrate')
    .description('apply pending migrations to the database named in DATABASE_URL')
    .option('--create', 'create that database first if it does not exist (never done without this flag)')
    .action(async (options: { create?: boolean }) => {
      const { databaseUrl } = loadConfig();
      try {
        const applied = await migrateCreatingIfAsked(databaseUrl, options.create === true);
        console.log(
          applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date',
        );
      } catch (error) {
        throw explainConnectError(databaseUrl, error);
      }
    });
}

// The maintenance database is touched only when the database is really missing: a role that may
// use its own database but not `postgres` can still run `db migrate --create` on an existing one.
async function migrateCreatingIfAsked(databaseUrl: string, create: boolean): Promise<string[]> {
  try {
    return await migrate(databaseUrl);
  } catch (error) {
    if (!create || !(error instanceof DatabaseConnectError) || error.code !== MISSING_DATABASE) throw error;
  }
  if (await ensureDatabase(databaseUrl)) console.log(`created database ${redactSecrets(databaseUrl)}`);
  return migrate(databaseUrl);
}

/** Names DATABASE_URL (redacted) in connection failures, and says how to create a missing database. */
function explainConnectError(databaseUrl: string, error: unknown): unknown {
  if (!(error instanceof DatabaseConnectError)) return error;
  const where = `DATABASE_URL=${redactSecrets(databaseUrl)}`;
  if (error.code !== MISSING_DATABASE) {
    return new Error(`${error.message} (check ${where})`, { cause: error });
  }
  return new Error(
    `${describeError(error.cause)} (${where}).\n` +
      '`db migrate` creates a database only when asked: run `orcastrate db migrate --create`\n' +
      '(or `npm run migrate -- --create`), or create it yourself, e.g. with createdb.',
    { cause: error },
  );
}
