import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readFileIfExists } from './atomic-file';
import { processIsAlive } from './process-alive';
import type { SchedulerStatus } from './types';

/** Files a local job's state directory may hold (all written atomically). */
export const LOCAL_FILES = {
  job: 'job.json',
  launched: 'launched',
  pid: 'pid',
  started: 'started',
  jobPgid: 'job-pgid',
  exit: 'exit',
  cancelRequested: 'cancel-requested',
} as const;

/** A launched job whose wrapper has not written its pid within this time is considered lost. */
const LAUNCH_GRACE_MS = 30_000;

export interface LocalExitRecord {
  exitCode: number;
  endedAt: number;
  timedOut: boolean;
}

export type LocalPhase = 'queued' | 'active' | 'ended';

/** The job's status from its files alone, so any runner instance reaches the same verdict. */
export function readLocalJobState(stateDir: string): { phase: LocalPhase; status: SchedulerStatus } {
  const file = (name: string) => path.join(stateDir, name);
  const cancelRequested = existsSync(file(LOCAL_FILES.cancelRequested));
  const exit = readExit(stateDir);
  if (exit) return { phase: 'ended', status: endedStatus(exit, cancelRequested) };

  const launched = readFileIfExists(file(LOCAL_FILES.launched));
  if (launched === undefined) {
    return cancelRequested
      ? { phase: 'ended', status: { state: 'cancelled', raw: 'cancelled before start' } }
      : { phase: 'queued', status: { state: 'pending', raw: 'queued' } };
  }
  const pid = Number.parseInt(readFileIfExists(file(LOCAL_FILES.pid)) ?? '', 10);
  if (Number.isNaN(pid)) {
    if (Date.now() - Number(launched.trim()) < LAUNCH_GRACE_MS) {
      return { phase: 'active', status: { state: 'running', raw: 'starting' } };
    }
    return lost('the job was launched but its wrapper never started');
  }
  if (processIsAlive(pid))
    return { phase: 'active', status: { state: 'running', raw: `running pid ${pid}` } };
  // The wrapper may have written its exit record between the two reads.
  const late = readExit(stateDir);
  if (late) return { phase: 'ended', status: endedStatus(late, cancelRequested) };
  return lost(`wrapper pid ${pid} ended without recording an exit code`);
}

function endedStatus(exit: LocalExitRecord, cancelRequested: boolean): SchedulerStatus {
  const raw = `exit ${exit.exitCode}${exit.timedOut ? ', walltime exceeded' : ''}${cancelRequested ? ', cancelled' : ''}`;
  if (exit.timedOut) return { state: 'timeout', reason: 'walltime exceeded', raw };
  if (cancelRequested) return { state: 'cancelled', raw };
  if (exit.exitCode === 0) return { state: 'completed', exitCode: 0, raw };
  return { state: 'failed', exitCode: exit.exitCode, reason: `exit code ${exit.exitCode}`, raw };
}

function lost(reason: string): { phase: LocalPhase; status: SchedulerStatus } {
  return { phase: 'ended', status: { state: 'failed', reason, raw: 'lost' } };
}

function readExit(stateDir: string): LocalExitRecord | undefined {
  const text = readFileIfExists(path.join(stateDir, LOCAL_FILES.exit));
  if (text === undefined) return undefined;
  const parsed = JSON.parse(text) as LocalExitRecord;
  return typeof parsed.exitCode === 'number' ? parsed : undefined;
}
