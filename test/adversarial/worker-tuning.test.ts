import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../src/config';
import { loadWorkerTuning, TUNING_SETTINGS } from '../../src/workers/tuning';
import { assertBuilt } from '../harness/processes';
import { BUILT_CLI, BUILT_WORKER, runNode, uniquePassword } from './support';

function tuningProblem(env: Record<string, string>): string {
  try {
    loadWorkerTuning(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadWorkerTuning accepted ${JSON.stringify(env)}`);
}

const settings = Object.values(TUNING_SETTINGS);

// Every kind of bad value, for every variable: the variable, the value as typed and the reason.
const badValues = settings.flatMap(({ variable, min, max }): [string, string, string, RegExp][] => [
  [variable, 'not a number', 'lots', /not a number: expected a whole number in plain digits/],
  [variable, 'a number with a unit', '20 slots', /not a number/],
  [variable, 'hexadecimal', '0x10', /not a number/],
  [variable, 'exponent notation', '1e3', /not a number/],
  [variable, 'zero', '0', new RegExp(`must be at least ${min}$`)],
  [variable, 'negative', '-5', new RegExp(`must be at least ${min}$`)],
  [variable, 'above the bound', String(max + 1), new RegExp(`must be at most ${max}$`)],
  [variable, 'far above the bound', '99999999999999999999', new RegExp(`must be at most ${max}$`)],
  [variable, 'not a whole number', '2.5', /not a whole number$/],
  [variable, 'a fraction without digits before the point', '.5', /not a whole number$/],
]);

describe('worker tuning: every bad value is refused, naming the variable and the reason', () => {
  it.each(badValues)('%s %s (%j)', (variable, _kind, value, reason) => {
    const message = tuningProblem({ [variable]: value });
    const line = message.split('\n').find((l) => l.includes(`${variable}=`)) ?? '';
    expect(line).toContain(`${variable}=${JSON.stringify(value)}: `);
    expect(line).toMatch(reason);
    // exactly this variable is named
    expect(message.split('\n')).toHaveLength(2);
  });

  it.each(settings.filter(({ min }) => min > 1))('$variable refuses 1 (the SDK needs at least 2)', (s) => {
    expect(tuningProblem({ [s.variable]: '1' })).toContain(`${s.variable}="1": must be at least 2`);
  });

  it('refuses pollers that could never get a slot, naming both variables', () => {
    expect(
      tuningProblem({
        ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4',
        ORCASTRATE_WORKER_WORKFLOW_TASK_POLLERS: '10',
      }),
    ).toContain(
      'ORCASTRATE_WORKER_WORKFLOW_TASK_POLLERS="10": more than ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS (4); a poller only fetches a task when a slot is free',
    );
    expect(tuningProblem({ ORCASTRATE_WORKER_ACTIVITY_TASK_POLLERS: '21' })).toContain(
      'ORCASTRATE_WORKER_ACTIVITY_TASK_POLLERS="21": more than ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES (20)',
    );
  });
});

describe('a worker started with a bad tuning value', () => {
  const password = uniquePassword();
  const env = (extra: Record<string, string>) => ({
    // nothing listens here: reaching the connect would print a different error
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    DATABASE_URL: `postgres://postgres:${password}@127.0.0.1:1/orcastrate`,
    ORCASTRATE_DATA_ROOT: path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-tuning-')), 'campaigns'),
    ...extra,
  });

  beforeAll(assertBuilt);

  it.each([
    ['dist/workers/main.js', BUILT_WORKER, []],
    ['orcastrate worker', BUILT_CLI, ['worker']],
  ])('%s stops at once, before connecting, naming the variable', async (_, script, args) => {
    const run = await runNode(script, args, env({ ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: '0' }));
    console.log(
      `${_} with ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES=0: exit ${run.code} after ${run.elapsedMs} ms`,
    );
    expect(run.killed).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES="0": must be at least 1');
    expect(run.stderr).not.toMatch(/cannot connect|ECONNREFUSED/);
    expect(run.stdout).not.toContain('orcastrate worker: task queue');
    expect(run.stdout + run.stderr).not.toContain(password);
  });
});
