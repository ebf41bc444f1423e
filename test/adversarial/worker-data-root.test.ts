import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../src/config';
import { checkDataRoot } from '../../src/workers/data-root';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { BUILT_CLI, BUILT_WORKER, runNode, uniquePassword, withPassword } from './support';

// Measured on the shared 2-core machine (see the log lines): `orcastrate worker` 0.5 s when idle,
// 0.8-3 s with other suites running (all of it Node loading the CLI); dist/workers/main.js 0.2-0.5 s.
// Before the fix the /proc cases never ended.
const EXIT_BOUND_MS = 5_000;

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'orcastrate-data-root-'));
}

/** Bad data roots that root cannot get around either (no permission bits involved). */
function badRoots(): [string, string, RegExp][] {
  const dir = scratch();
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'not a directory\n');
  const dangling = path.join(dir, 'dangling');
  symlinkSync(path.join(dir, 'missing-target'), dangling);
  return [
    ['under /proc', '/proc/nope', /\/proc does not accept new directories/],
    ['deeper under /proc', '/proc/nope/campaigns', /cannot create \/proc\/nope/],
    ['a regular file', file, /exists but is not a directory/],
    ['under a regular file', path.join(file, 'campaigns'), /not a directory/],
    ['a dangling symbolic link', path.join(dangling, 'campaigns'), /symbolic link to a missing target/],
  ];
}

describe('worker start with a bad ORCASTRATE_DATA_ROOT', () => {
  const state = readHarnessState();
  const password = uniquePassword();
  const env = (dataRoot: string) => ({
    TEMPORAL_ADDRESS: state.temporalAddress,
    TEMPORAL_NAMESPACE: state.temporalNamespace,
    DATABASE_URL: withPassword(state.databaseUrl, password),
    ORCASTRATE_DATA_ROOT: dataRoot,
    ORCASTRATE_TASK_QUEUE: 'adversarial-data-root',
  });

  beforeAll(assertBuilt);

  it.each(badRoots())('stops at once when it is %s (orcastrate worker)', async (_, dataRoot, reason) => {
    const run = await runNode(BUILT_CLI, ['worker'], env(dataRoot));
    console.log(`orcastrate worker, data root ${dataRoot}: exit ${run.code} after ${run.elapsedMs} ms`);
    expect(run.killed).toBe(false);
    expect(run.elapsedMs).toBeLessThan(EXIT_BOUND_MS);
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.stderr).toContain(`ORCASTRATE_DATA_ROOT=${JSON.stringify(dataRoot)}`);
    expect(run.stderr).toMatch(reason);
    expect(run.stdout + run.stderr).not.toContain(password);
    expect(run.stdout).not.toMatch(/worker: task queue/); // it never got as far as starting
  });

  it('stops at once under /proc when started as dist/workers/main.js (the stack and harness way)', async () => {
    const run = await runNode(BUILT_WORKER, [], env('/proc/nope'));
    console.log(`dist/workers/main.js, data root /proc/nope: exit ${run.code} after ${run.elapsedMs} ms`);
    expect(run.killed).toBe(false);
    expect(run.elapsedMs).toBeLessThan(EXIT_BOUND_MS);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ORCASTRATE_DATA_ROOT="\/proc\/nope": cannot create \/proc\/nope/);
    expect(run.stdout + run.stderr).not.toContain(password);
  });
});

describe('checkDataRoot', () => {
  it('creates a missing data root with its parents and leaves no probe file behind', async () => {
    const dataRoot = path.join(scratch(), 'a', 'b', 'campaigns');
    await checkDataRoot(dataRoot);
    expect(statSync(dataRoot).isDirectory()).toBe(true);
    expect(readdirSync(dataRoot)).toEqual([]);
  });

  it('accepts an existing directory and keeps what is in it', async () => {
    const dataRoot = scratch();
    writeFileSync(path.join(dataRoot, 'keep.txt'), 'x');
    await checkDataRoot(dataRoot);
    expect(readdirSync(dataRoot)).toEqual(['keep.txt']);
  });

  it.each(badRoots())(
    'throws a ConfigError naming the variable when it is %s',
    async (_, dataRoot, reason) => {
      const attempt = checkDataRoot(dataRoot);
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(attempt).rejects.toThrow(reason);
      await expect(attempt).rejects.toThrow(`ORCASTRATE_DATA_ROOT=${JSON.stringify(dataRoot)}`);
    },
  );

  it('refuses a directory it cannot write', async () => {
    const dataRoot = scratch();
    // root writes through permission bits, but not into an immutable directory
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chattr', ['+i', dataRoot]);
    else chmodSync(dataRoot, 0o555);
    try {
      await expect(checkDataRoot(dataRoot)).rejects.toThrow(/is not writable: permission denied/);
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', dataRoot]);
      else chmodSync(dataRoot, 0o755);
    }
  });
});
