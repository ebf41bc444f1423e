import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  DatabaseConnectError,
  databaseNameOf,
  migrate,
  MISSING_DATABASE,
  readMigrations,
} from '../src/db/migrate';
import { createScratchDatabase } from './harness/postgres';
import { readHarnessState } from './harness/state';

describe('migrations', () => {
  it('apply once, then report nothing to do', async () => {
    const db = await createScratchDatabase('migrate');
    try {
      expect(await migrate(db.url)).toEqual([]);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>(
          'SELECT name FROM schema_migrations ORDER BY version',
        );
        const files = (await readMigrations()).map((m) => m.name);
        expect(rows.map((r) => r.name)).toEqual(files);
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });

  it('roll back a failing migration and name it', async () => {
    const db = await createScratchDatabase('badmig');
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    writeFileSync(path.join(dir, '9998_ok.sql'), 'CREATE TABLE ok_table (id int);');
    writeFileSync(
      path.join(dir, '9999_broken.sql'),
      'CREATE TABLE half (id int); SELECT no_such_function();',
    );
    try {
      // The scratch database holds the real migrations; 9998 applies, 9999 fails and rolls back.
      await expect(migrate(db.url, dir)).rejects.toThrow(/9999_broken\.sql failed/);
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rowCount } = await client.query("SELECT 1 FROM pg_tables WHERE tablename = 'half'");
        expect(rowCount).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });

  it('refuses misnamed migration files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    writeFileSync(path.join(dir, 'init.sql'), 'SELECT 1;');
    await expect(readMigrations(dir)).rejects.toThrow(/init\.sql does not match/);
  });

  it('refuses database names that need quoting tricks', () => {
    expect(() => databaseNameOf('postgres://h/ok_name')).not.toThrow();
    expect(() => databaseNameOf('postgres://h/bad%22name')).toThrow(/must match/);
  });

  it('never creates a missing database: the connection error keeps its code and hides the password', async () => {
    const url = new URL(readHarnessState().databaseUrl);
    url.pathname = `${url.pathname}_never_created`;
    url.password = 'hunter2';
    const attempt = migrate(url.toString());
    await expect(attempt).rejects.toBeInstanceOf(DatabaseConnectError);
    const error = (await attempt.catch((e: unknown) => e)) as DatabaseConnectError;
    expect(error.code).toBe(MISSING_DATABASE);
    expect(error.message).toMatch(
      /^cannot connect to postgres:\/\/postgres:\*\*\*@.*_never_created: database ".*_never_created" does not exist$/,
    );
    expect(error.message).not.toContain('hunter2');
  });
});
