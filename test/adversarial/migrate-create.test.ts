import { randomUUID } from 'node:crypto';
import { readMigrations } from '../../src/db/migrate';
import { adminClient } from '../harness/postgres';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { BUILT_CLI, runNode, uniquePassword, withPassword } from './support';

async function databaseExists(name: string): Promise<boolean> {
  const client = await adminClient();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return Boolean(rowCount);
  } finally {
    await client.end();
  }
}

async function dropIfExists(name: string): Promise<void> {
  const client = await adminClient();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

describe('orcastrate db migrate and a database that does not exist', () => {
  const state = readHarnessState();
  const password = uniquePassword();
  const name = `${new URL(state.databaseUrl).pathname.slice(1)}_mc_${randomUUID().slice(0, 6)}`;
  const url = new URL(withPassword(state.databaseUrl, password));
  url.pathname = `/${name}`;
  const env = {
    DATABASE_URL: url.toString(),
    TEMPORAL_ADDRESS: state.temporalAddress,
    TEMPORAL_NAMESPACE: state.temporalNamespace,
  };
  const migrate = (...flags: string[]) => runNode(BUILT_CLI, ['db', 'migrate', ...flags], env);

  beforeAll(assertBuilt);
  afterAll(() => dropIfExists(name));

  it('refuses without --create, names the database and says how to create it', async () => {
    const run = await migrate();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`database "${name}" does not exist`);
    expect(run.stderr).toContain(`DATABASE_URL=postgres://postgres:***@127.0.0.1:5432/${name}`);
    expect(run.stderr).toContain('orcastrate db migrate --create');
    expect(run.stdout + run.stderr).not.toContain(password);
    expect(await databaseExists(name)).toBe(false);
  });

  it('creates and migrates it with --create, then needs nothing more', async () => {
    const created = await migrate('--create');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`created database postgres://postgres:***@127.0.0.1:5432/${name}`);
    const files = (await readMigrations()).map((m) => m.name);
    expect(created.stdout).toContain(`applied migrations: ${files.join(', ')}`);
    expect(created.stdout).not.toContain(password);
    expect(await databaseExists(name)).toBe(true);

    const again = await migrate();
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('database schema is up to date');
    const createAgain = await migrate('--create'); // what `npm run setup` does on every run
    expect(createAgain.code).toBe(0);
    expect(createAgain.stdout.trim()).toBe('database schema is up to date');
  });

  it('names DATABASE_URL (redacted) when the server cannot be reached at all', async () => {
    const unreachable = `postgres://postgres:${password}@127.0.0.1:1/${name}`;
    const run = await runNode(BUILT_CLI, ['db', 'migrate', '--create'], { DATABASE_URL: unreachable });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`check DATABASE_URL=postgres://postgres:***@127.0.0.1:1/${name}`);
    expect(run.stderr).toMatch(/ECONNREFUSED/);
    expect(run.stdout + run.stderr).not.toContain(password);
  });
});
