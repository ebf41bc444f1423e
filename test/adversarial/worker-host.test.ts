import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { BUILT_CLI, BUILT_WORKER, runNode, uniquePassword, withPassword } from './support';

// ORCASTRATE_WORKER_HOST names the host task queue `<queue>@<host>`: a value that cannot be part of
// a task-queue name (or would make it ambiguous) is refused at start, naming the variable.
describe('a bad ORCASTRATE_WORKER_HOST', () => {
  const machine = () => 'login01';

  it.each([
    ['a space', 'login node 1'],
    ['the @ that separates queue and host', 'login@1'],
    ['a slash', 'cluster/login1'],
    ['a colon', 'login1:7233'],
    ['a non-ASCII letter', 'lögin1'],
    ['a newline', 'login1\nlogin2'],
    ['a NUL byte', 'login1\u0000'],
    ['more than 253 characters', 'a'.repeat(254)],
  ])('with %s is refused naming the variable', (_what, value) => {
    let error: unknown;
    try {
      loadConfig({ ORCASTRATE_WORKER_HOST: value }, '/srv', machine);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ORCASTRATE_WORKER_HOST=/);
    expect(problems[0]).toMatch(/not a valid task-queue component|longer than 253 characters/);
  });

  it('is reported together with the other bad variables', () => {
    expect(() =>
      loadConfig({ ORCASTRATE_WORKER_HOST: 'a b', ORCASTRATE_TASK_QUEUE: 'q r' }, '/srv', machine),
    ).toThrow(/ORCASTRATE_TASK_QUEUE=.*\n.*ORCASTRATE_WORKER_HOST=/s);
  });

  it.each(['', '   '])('%j counts as unset: the machine name stands in', (value) => {
    const config = loadConfig({ ORCASTRATE_WORKER_HOST: value, ORCASTRATE_TASK_QUEUE: 'q' }, '/srv', machine);
    expect(config.workerHost).toBe('login01');
    expect(config.temporal.hostTaskQueue).toBe('q@login01');
  });

  it('accepts the longest and the plainest names', () => {
    for (const host of ['a'.repeat(253), 'n1', 'login-01.cluster_a']) {
      const config = loadConfig({ ORCASTRATE_WORKER_HOST: host }, '/srv', machine);
      expect(config.temporal.hostTaskQueue).toBe(`orcastrate@${host}`);
    }
  });

  it('must be set when the machine name itself cannot name a task queue', () => {
    const oddMachine = () => 'build box #3';
    expect(() => loadConfig({}, '/srv', oddMachine)).toThrow(
      /ORCASTRATE_WORKER_HOST is not set and this machine's host name "build box #3" cannot stand in/,
    );
    expect(loadConfig({ ORCASTRATE_WORKER_HOST: 'build-3' }, '/srv', oddMachine).workerHost).toBe('build-3');
  });

  describe('stops the worker process at start', () => {
    const state = readHarnessState();
    const password = uniquePassword();
    const env = (host: string) => ({
      TEMPORAL_ADDRESS: state.temporalAddress,
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
      DATABASE_URL: withPassword(state.databaseUrl, password),
      ORCASTRATE_DATA_ROOT: path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-host-')), 'campaigns'),
      ORCASTRATE_TASK_QUEUE: 'adversarial-worker-host',
      ORCASTRATE_WORKER_HOST: host,
    });

    beforeAll(assertBuilt);

    it.each([
      ['node dist/workers/main.js', BUILT_WORKER, []],
      ['orcastrate worker', BUILT_CLI, ['worker']],
    ])('%s exits 1 naming ORCASTRATE_WORKER_HOST, before connecting', async (_how, script, args) => {
      const run = await runNode(script, args, env('login@node'), 30_000);
      expect(run.killed).toBe(false);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('ORCASTRATE_WORKER_HOST="login@node": not a valid task-queue component');
      expect(run.stdout).not.toContain('orcastrate worker: task queue');
      expect(run.stdout + run.stderr).not.toContain(password);
    });
  });
});
