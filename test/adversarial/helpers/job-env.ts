import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { shellQuote } from '../../../src/schedulers';
import { BASE_JOB_ENV_NAMES } from '../../../src/schedulers/job-environment';

/** Worker secrets and noise the tests plant in their own process environment. */
export const SECRET_PASSWORD = 's3cret-canary-7f3a';
export const PLANTED = {
  DATABASE_URL: `postgres://orcastrate:${SECRET_PASSWORD}@127.0.0.1:5432/orcastrate`,
  ORCASTRATE_TEST_CANARY: 'not-for-jobs-91c2',
  ORCASTRATE_TEST_INHERITED: 'arrives-5d1e',
};
export const INHERITED = 'ORCASTRATE_TEST_INHERITED';

/** Sets PLANTED in process.env for the duration of a describe block. */
export function plantWorkerEnvironment(): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [name, value] of Object.entries(PLANTED)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

/** Stands in for ORCA: records the environment it started with, then waits for its release file. */
export function writeEnvDumpProgram(dir: string): string {
  const file = path.join(dir, 'fake-orca-dump-env');
  writeFileSync(
    file,
    `#!/bin/sh
/usr/bin/env -0 > "$PWD/job-env.bin.tmp" && mv "$PWD/job-env.bin.tmp" "$PWD/job-env.bin"
i=0
while [ ! -e "$1" ] && [ "$i" -lt 900 ]; do sleep 0.1; i=$((i + 1)); done
`,
  );
  chmodSync(file, 0o755);
  return file;
}

/** A stand-in for a scheduler command that records its environment, then runs the real command. */
export function writeRecordingWrapper(binDir: string, logDir: string, realCommand: string): void {
  const file = path.join(binDir, path.basename(realCommand));
  writeFileSync(
    file,
    `#!/bin/sh
/usr/bin/env -0 > ${shellQuote(logDir)}/${path.basename(realCommand)}.$$.env
exec ${shellQuote(realCommand)} "$@"
`,
  );
  chmodSync(file, 0o755);
}

/** `env -0` output as name -> value. */
export function parseEnvDump(buffer: Buffer): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of buffer.toString('utf8').split('\0')) {
    const cut = entry.indexOf('=');
    if (cut > 0) env.set(entry.slice(0, cut), entry.slice(cut + 1));
  }
  return env;
}

export function readEnvDump(file: string): Map<string, string> {
  return parseEnvDump(readFileSync(file));
}

/**
 * slurmctld's saved copy of a job's environment: `<StateSaveLocation>/hash.<id % 10>/job.<id>/environment`,
 * a 32-bit entry count followed by NUL-terminated `NAME=value` entries (SLURM 22.05, read here).
 */
export function readSlurmSavedEnvironment(stateSaveLocation: string, jobId: string): Map<string, string> {
  const file = path.join(stateSaveLocation, `hash.${Number(jobId) % 10}`, `job.${jobId}`, 'environment');
  const buffer = readFileSync(file);
  const env = parseEnvDump(buffer.subarray(4));
  if (env.size !== buffer.readUInt32LE(0)) throw new Error(`${file}: entry count does not match its header`);
  return env;
}

/** Names a job may legitimately have beyond the base: set by the shell, the job script or the caller. */
export function allowedJobNames(extra: readonly string[]): Set<string> {
  return new Set([
    ...BASE_JOB_ENV_NAMES,
    'PWD',
    'OLDPWD',
    'SHLVL',
    '_',
    'ORCASTRATE_ATTEMPT',
    'ORCASTRATE_CORES',
    'ORCASTRATE_MAXCORE_MB',
    ...extra,
  ]);
}

/** Variables SLURM itself gives every batch job (slurmstepd, sbatch's SLURM_* copies). */
export const isSlurmOwn = (name: string): boolean =>
  /^SLURMD?_/.test(name) || name === 'ENVIRONMENT' || name === 'HOSTNAME';

/** Every name that is neither allowed nor the scheduler's own, plus any value carrying a secret. */
export function leaks(env: Map<string, string>, allowed: Set<string>, schedulerOwn = (_: string) => false) {
  const unexpected = [...env.keys()].filter((name) => !allowed.has(name) && !schedulerOwn(name)).sort();
  const secretValues = [...env.entries()]
    .filter(([, value]) => value.includes(SECRET_PASSWORD) || value.includes(PLANTED.ORCASTRATE_TEST_CANARY))
    .map(([name]) => name);
  return { unexpected, secretValues };
}

export async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
