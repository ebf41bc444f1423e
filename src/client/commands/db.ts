import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { ensureDatabase, migrate } from '../../db/migrate';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('manage the orcastrate Postgres database');
  db.command('migrate')
    .description('create the database named in DATABASE_URL if missing and apply pending migrations')
    .action(async () => {
      const { databaseUrl } = loadConfig();
      if (await ensureDatabase(databaseUrl)) console.log(`created database ${redact(databaseUrl)}`);
      const applied = await migrate(databaseUrl);
      console.log(
        applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date',
      );
    });
}

function redact(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
