import { randomUUID } from 'node:crypto';
import { insertOperatorAction, type NewOperatorAction } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { BUILT_CLI, runNode } from '../adversarial/support';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';

/** `orcastrate history …` as an operator runs it (the built CLI), against the harness database. */
const history = (...args: string[]) =>
  runNode(BUILT_CLI, ['history', ...args], { DATABASE_URL: readHarnessState().databaseUrl });

describe('orcastrate history', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  const campaignId = `hist-${randomUUID().slice(0, 8)}`;
  const at = (second: number) => new Date(Date.UTC(2030, 0, 2, 3, 4, second));

  beforeAll(async () => {
    assertBuilt();
    const common = { campaignId, workflowId: campaignId, runId: randomUUID() };
    const actions: NewOperatorAction[] = [
      {
        ...common,
        action: 'pause',
        arguments: undefined,
        accepted: true,
        identity: 'alice@login1',
        via: 'signal',
        activityId: '3',
        requestedAt: at(1),
      },
      {
        ...common,
        action: 'resetFailed',
        arguments: { includeTimeouts: true, overrides: { memoryMb: 4000 } },
        accepted: true,
        jobsAffected: 12,
        identity: 'bob@login2',
        via: 'update',
        updateId: 'u-1',
        activityId: '8',
        requestedAt: at(2),
      },
      {
        ...common,
        action: 'setMaxInFlight',
        arguments: 0,
        accepted: false,
        refusedBecause: 'must be an integer from 1 to 10000',
        identity: null,
        via: 'signal',
        activityId: '11',
        requestedAt: at(3),
      },
    ];
    for (const action of actions) await insertOperatorAction(pool, action);
  });
  afterAll(() => pool.end());

  it('prints one line per action, oldest first', async () => {
    const run = await history(campaignId);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `campaign ${campaignId}: 3 operator actions`,
      '2030-01-02 03:04:01Z  pause           signal  accepted  jobs: -  by: alice@login1  args: -',
      // jsonb keeps keys in its own order (shorter first), not as sent
      '2030-01-02 03:04:02Z  resetFailed     update  accepted  jobs: 12  by: bob@login2  ' +
        'args: {"overrides":{"memoryMb":4000},"includeTimeouts":true}',
      '2030-01-02 03:04:03Z  setMaxInFlight  signal  refused: must be an integer from 1 to 10000  ' +
        'jobs: -  by: unknown  args: 0',
    ]);
  });

  it('shows the newest n with --limit and says how many there are', async () => {
    const run = await history(campaignId, '--limit', '2');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`campaign ${campaignId}: the last 2 of 3 operator actions (more with --limit)`);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[2])).toEqual(['resetFailed', 'setMaxInFlight']);
  });

  it('prints the stored actions as JSON with --json', async () => {
    const run = await history(campaignId, '--json', '--limit', '5');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as {
      campaignId: string;
      total: number;
      actions: Array<Record<string, unknown>>;
    };
    expect(printed).toMatchObject({ campaignId, total: 3 });
    expect(printed.actions.map((a) => a.action)).toEqual(['pause', 'resetFailed', 'setMaxInFlight']);
    expect(printed.actions[1]).toMatchObject({
      arguments: { includeTimeouts: true, overrides: { memoryMb: 4000 } },
      jobsAffected: 12,
      identity: 'bob@login2',
      via: 'update',
      updateId: 'u-1',
      requestedAt: '2030-01-02T03:04:02.000Z',
    });
  });

  it('says so for a campaign without actions, and exits 0', async () => {
    const run = await history(`quiet-${randomUUID().slice(0, 8)}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^campaign quiet-\w+: no operator actions recorded\n$/);
  });
});
