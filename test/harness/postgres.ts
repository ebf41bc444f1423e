import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, migrate } from '../../src/db/migrate';
import { readHarnessState } from './state';

/** A migrated database of its own, for tests that do something drastic to their database. */
export async function createScratchDatabase(
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const url = new URL(readHarnessState().databaseUrl);
  url.pathname = `/${url.pathname.slice(1)}_${label}_${randomUUID().slice(0, 6)}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  return { url: databaseUrl, drop: () => dropDatabase(databaseUrl) };
}

/** A client on the server's maintenance database, for administrative statements. */
export async function adminClient(): Promise<Client> {
  const url = new URL(readHarnessState().databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}
