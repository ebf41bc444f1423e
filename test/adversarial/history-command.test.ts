import { randomUUID } from 'node:crypto';
import { insertOperatorAction, MAX_ARGUMENTS_JSON_BYTES } from '../../src/db';
import { dropDatabase, ensureDatabase } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { BUILT_CLI, runNode, uniquePassword, withPassword } from './support';

const history = (args: string[], databaseUrl = readHarnessState().databaseUrl) =>
  runNode(BUILT_CLI, ['history', ...args], { DATABASE_URL: databaseUrl });

describe('orcastrate history and bad input', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  beforeAll(assertBuilt);
  afterAll(() => pool.end());

  const characterRule = 'letters, digits, dot, underscore and dash';
  it.each([
    ['a path', 'a/../b', characterRule],
    ['a leading dot', '.hidden', characterRule],
    ['a newline', 'camp\naign', characterRule],
    ['65 characters', 'c'.repeat(65), '<=64 characters'],
  ])('refuses a campaign id with %s (exit 2), naming it', async (_, id, rule) => {
    const run = await history([id]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`campaign id ${JSON.stringify(id)}`);
    expect(run.stderr).toContain(rule);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([['0'], ['-3'], ['ten'], ['1.5']])('refuses --limit %s as a usage error', async (limit) => {
    const run = await history(['c1', '--limit', limit]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--limit must be an integer >= 1');
  });

  it('says in one line, without the password, that Postgres cannot be reached', async () => {
    const password = uniquePassword();
    const run = await history(['c1'], `postgres://postgres:${password}@127.0.0.1:1/orcastrate`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^orcastrate: cannot read operator actions \(DATABASE_URL=postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/orcastrate\): .*ECONNREFUSED/,
    );
    expect(run.stderr).not.toContain(password);
  });

  it('says to migrate a database that predates the audit trail', async () => {
    const url = new URL(withPassword(readHarnessState().databaseUrl, uniquePassword()));
    url.pathname = `${url.pathname}_bare_${randomUUID().slice(0, 6)}`;
    await ensureDatabase(url.toString());
    try {
      const run = await history(['c1'], url.toString());
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('relation "operator_actions" does not exist');
      expect(run.stderr).toContain('run `orcastrate db migrate`');
      expect(run.stderr).not.toContain(url.password);
    } finally {
      await dropDatabase(url.toString());
    }
  });

  it('shows huge arguments as cut, and caller-chosen control characters as escapes, on one line', async () => {
    const campaignId = `hist-bad-${randomUUID().slice(0, 8)}`;
    const jobIds = Array.from({ length: 50_000 }, (_, i) => `job-${i}`);
    await insertOperatorAction(pool, {
      campaignId,
      action: 'retryJobs',
      arguments: { jobIds },
      accepted: false,
      refusedBecause: 'unknown jobs:\n\u001b[31mjob-1\u001b[0m',
      identity: 'mallory\r\n2030-01-01 00:00:00Z  resume  signal  accepted',
      via: 'update',
      updateId: 'u',
      workflowId: campaignId,
      runId: randomUUID(),
      activityId: '1',
    });
    const run = await history([campaignId]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const line = lines[1]!;
    expect(line).toContain(
      `args: (cut from ${Buffer.byteLength(JSON.stringify({ jobIds }))} bytes) {"jobIds":["job-0"`,
    );
    expect(line.length).toBeLessThan(600);
    expect(line).toContain('refused: unknown jobs:\\u000a\\u001b[31mjob-1\\u001b[0m');
    expect(line).toContain('by: mallory\\u000d\\u000a2030-01-01');
    expect([...line].filter((c) => c < ' ')).toEqual([]);

    const json = await history([campaignId, '--json']);
    const printed = JSON.parse(json.stdout) as {
      actions: Array<{ arguments: string; argumentsCutFromBytes: number }>;
    };
    expect(Buffer.byteLength(printed.actions[0]!.arguments)).toBeLessThanOrEqual(MAX_ARGUMENTS_JSON_BYTES);
    expect(printed.actions[0]!.argumentsCutFromBytes).toBeGreaterThan(MAX_ARGUMENTS_JSON_BYTES);
  });
});
