import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JobRef, JobSpec, SchedulerAdapter, SchedulerStatus } from '../../../src/schedulers';
import { testJobSpec, waitForStatus } from '../../unit/schedulers/helpers/test-jobs';

/** Fails (never skips) when the local cluster is not up, saying how to start it. */
export function assertLocalSlurmRunning(): void {
  let detail: string;
  try {
    const ping = execFileSync('scontrol', ['ping'], { encoding: 'utf8', timeout: 15_000, stdio: 'pipe' });
    const node = execFileSync('sinfo', ['--noheader', '--format=%T'], {
      encoding: 'utf8',
      timeout: 15_000,
    }).trim();
    if (/is UP/.test(ping) && /^(idle|mixed|allocated|completing)/m.test(node)) return;
    detail = `scontrol ping: ${ping.trim()}; node state: ${node || 'none'}`;
  } catch (error) {
    detail = (error as Error).message.split('\n')[0] ?? String(error);
  }
  throw new Error(`local SLURM is not running: run \`bash scripts/local-slurm.sh up\` (${detail})`);
}

/** Job directories live under a fresh tmp dir; names carry a run token so reruns never meet old jobs. */
export function newCampaign(label: string): { root: string; token: string } {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), `orcastrate-slurm-${label}-`)));
  return { root, token: `${label}-${Date.now().toString(36)}` };
}

export function shellJob(
  root: string,
  token: string,
  job: string,
  script: string,
  extra: Partial<JobSpec> = {},
): JobSpec {
  return testJobSpec(root, token, job, { command: ['/bin/sh', '-c', script], ...extra });
}

/** waitForStatus at SLURM's pace. */
export function waitForState(
  scheduler: SchedulerAdapter,
  ref: JobRef,
  accept: (status: SchedulerStatus) => boolean,
  timeoutMs = 60_000,
): Promise<SchedulerStatus> {
  return waitForStatus(scheduler, ref, accept, timeoutMs, 250);
}

export const hasEnded = (status: SchedulerStatus): boolean =>
  ['completed', 'failed', 'cancelled', 'timeout'].includes(status.state);

/** Ids SLURM holds under this name, finished jobs included (sacct -c would ignore --name). */
export function slurmIdsNamed(name: string): string[] {
  return execFileSync('squeue', ['--noheader', '--states=all', `--name=${name}`, '--format=%i'], {
    encoding: 'utf8',
  })
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
