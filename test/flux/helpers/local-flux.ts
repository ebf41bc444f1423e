import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../../src/paths';
import type { JobRef, JobSpec, SchedulerAdapter, SchedulerStatus } from '../../../src/schedulers';
import { testJobSpec, waitForStatus } from '../../unit/schedulers/helpers/test-jobs';

const run = promisify(execFile);

/** Where `bash scripts/local-flux.sh up` records the instance it started (one per clone). */
export const LOCAL_FLUX_STATE_DIR = path.join(REPO_ROOT, '.data/flux');

export interface LocalFlux {
  /** The flux executable the instance runs (on PATH, or the one setup built into the cache). */
  executable: string;
  /** Its directory: first on a worker's PATH, so job scripts and `flux batch` jobs find the same flux. */
  binDir: string;
  uri: string;
}

const HOW_TO_START =
  'run `bash scripts/local-flux.sh up` (npm test does it; `npm run setup` builds flux-core when it is missing)';

/** The clone's local Flux instance; fails (never skips) with what to do when it is not up. */
export function assertLocalFluxRunning(): LocalFlux {
  const uriFile = path.join(LOCAL_FLUX_STATE_DIR, 'uri');
  const fluxFile = path.join(LOCAL_FLUX_STATE_DIR, 'flux');
  if (!existsSync(uriFile) || !existsSync(fluxFile)) {
    throw new Error(`local Flux is not running (no ${uriFile}): ${HOW_TO_START}`);
  }
  const flux: LocalFlux = {
    executable: readFileSync(fluxFile, 'utf8').trim(),
    uri: readFileSync(uriFile, 'utf8').trim(),
    binDir: '',
  };
  flux.binDir = path.dirname(flux.executable);
  try {
    execFileSync(flux.executable, ['uptime'], {
      env: { ...process.env, FLUX_URI: flux.uri },
      timeout: 15_000,
      stdio: 'pipe',
    });
  } catch (error) {
    const { stderr, message } = error as { stderr?: Buffer | string; message: string };
    const detail = (stderr?.toString() || message).trim();
    throw new Error(`local Flux at ${flux.uri} does not answer (${detail.split('\n')[0]}): ${HOW_TO_START}`);
  }
  return flux;
}

/** The environment a worker needs to use this instance: its FLUX_URI and its flux first on PATH. */
export function fluxWorkerEnv(flux: LocalFlux): Record<string, string> {
  return { FLUX_URI: flux.uri, PATH: `${flux.binDir}${path.delimiter}${process.env.PATH ?? ''}` };
}

/**
 * Points this test file's process (its in-process adapters and workers) at the instance. Jest gives each
 * test file its own copy of process.env, so other files never see it.
 */
export function useLocalFluxInThisProcess(flux: LocalFlux): void {
  Object.assign(process.env, fluxWorkerEnv(flux));
}

/** Runs the real flux CLI against the instance (for assertions the adapter does not make itself). */
export async function fluxCli(
  flux: LocalFlux,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return run(flux.executable, args, {
    env: { ...process.env, FLUX_URI: flux.uri, ...env },
    timeout: 30_000,
    encoding: 'utf8',
  });
}

/** Decimal ids of every job, finished ones included, the instance holds under this exact name. */
export async function fluxIdsNamed(flux: LocalFlux, name: string): Promise<string[]> {
  const { stdout } = await fluxCli(flux, ['jobs', '-a', '-n', `--name=${name}`, '-o', '{id.dec}|{name}']);
  return stdout
    .split('\n')
    .map((line) => line.trim().split('|'))
    .filter(([id, jobName]) => id && jobName === name)
    .map(([id]) => id!);
}

/** Job directories live under a fresh tmp dir; names carry a run token so reruns never meet old jobs. */
export function newFluxCampaign(label: string): { root: string; token: string } {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), `orcastrate-flux-${label}-`)));
  return { root, token: `${label}-${Date.now().toString(36)}` };
}

export function fluxShellJob(
  root: string,
  token: string,
  job: string,
  script: string,
  extra: Partial<JobSpec> = {},
): JobSpec {
  return testJobSpec(root, token, job, { command: ['/bin/sh', '-c', script], ...extra });
}

export const hasEnded = (status: SchedulerStatus): boolean =>
  ['completed', 'failed', 'cancelled', 'timeout'].includes(status.state);

/** waitForStatus at Flux's pace (a batch job starts its own broker: a second or two). */
export function waitForFluxState(
  scheduler: SchedulerAdapter,
  ref: JobRef,
  accept: (status: SchedulerStatus) => boolean,
  timeoutMs = 60_000,
): Promise<SchedulerStatus> {
  return waitForStatus(scheduler, ref, accept, timeoutMs, 250);
}

/**
 * Exactly one Flux job under each (job, attempt) name that was released to run, and it is the one Postgres
 * recorded. A submission that landed late (after a broker outage) is a second job under the name, held and
 * cancelled before it ran (src/schedulers/flux-held-submit.ts): counted and returned, never a job that ran.
 */
export async function expectOneFluxJobPerAttempt(
  flux: LocalFlux,
  attempts: readonly { job_name: string; scheduler_id: string | null }[],
): Promise<number> {
  let heldDuplicates = 0;
  for (const attempt of attempts) {
    const { stdout } = await fluxCli(flux, [
      'jobs',
      '-a',
      '-n',
      `--name=${attempt.job_name}`,
      '-o',
      '{id.dec}|{name}|{urgency}|{result}|{waitstatus}',
    ]);
    const jobs = stdout
      .split('\n')
      .map((line) => line.trim().split('|'))
      .filter(([id, name]) => id && name === attempt.job_name);
    const neverRan = ([, , urgency, result, waitstatus]: string[]) =>
      urgency === '0' && result === 'CANCELED' && waitstatus === '';
    heldDuplicates += jobs.filter(neverRan).length;
    expect({ name: attempt.job_name, ids: jobs.filter((job) => !neverRan(job)).map(([id]) => id) }).toEqual({
      name: attempt.job_name,
      ids: [attempt.scheduler_id],
    });
  }
  return heldDuplicates;
}

/** Jobs of this campaign (by name prefix) the instance still has pending or running. */
export async function activeFluxJobsOf(flux: LocalFlux, campaignId: string): Promise<string[]> {
  const { stdout } = await fluxCli(flux, ['jobs', '-n', '-o', '{name} {id.dec} {state}']);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(`oc.${campaignId}.`));
}

/**
 * Waits until none of the campaign's Flux jobs is pending or running. A batch job outlives its script by
 * its own instance's teardown (seconds; tens of seconds on a loaded machine), so a campaign whose jobs all
 * reported can finish while the last ones still show RUN. Fails naming what is left.
 */
export async function expectNoActiveFluxJobs(
  flux: LocalFlux,
  campaignId: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let active = await activeFluxJobsOf(flux, campaignId);
  while (active.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    active = await activeFluxJobsOf(flux, campaignId);
  }
  expect(active).toEqual([]);
}
