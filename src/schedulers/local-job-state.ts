import { statSync } from 'node:fs';
import * as path from 'node:path';
import { errorCode, readFileIfExists, writeFileAtomic } from './atomic-file';
import { processIsAlive } from './process-alive';
import type { LostJobReason, SchedulerStatus } from './types';

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
export interface LocalJobState {
  phase: LocalPhase;
  status: SchedulerStatus;
}

/** A job's state files cannot be used; carries the job's final (lost) status. */
export class LocalJobStateError extends Error {
  constructor(readonly status: SchedulerStatus) {
    super(status.reason);
  }
}

export function lostStatus(lost: LostJobReason, reason: string): SchedulerStatus {
  return { state: 'failed', lost, reason, raw: `lost: ${lost}` };
}

/**
 * The job's status from its files alone, so any runner instance reaches the same verdict. Never
 * throws: a vanished directory, an unreadable or garbled file is this job's (lost) end, nobody else's.
 */
export function readLocalJobState(stateDir: string): LocalJobState {
  try {
    return readState(stateDir);
  } catch (error) {
    if (error instanceof LocalJobStateError) return { phase: 'ended', status: error.status };
    throw error;
  }
}

function readState(stateDir: string): LocalJobState {
  assertStateDir(stateDir);
  const job = readStateFile(stateDir, LOCAL_FILES.job);
  if (job === undefined) throw corrupt(stateDir, LOCAL_FILES.job, 'vanished');
  if (!isJobRecord(job, path.basename(stateDir)))
    throw corrupt(stateDir, LOCAL_FILES.job, 'is not a job record');
  const cancelRequested = readStateFile(stateDir, LOCAL_FILES.cancelRequested) !== undefined;
  const exit = readExit(stateDir);
  if (exit) return { phase: 'ended', status: endedStatus(exit, cancelRequested) };

  const launched = readNumber(stateDir, LOCAL_FILES.launched);
  if (launched === undefined) {
    return cancelRequested
      ? { phase: 'ended', status: { state: 'cancelled', raw: 'cancelled before start' } }
      : { phase: 'queued', status: { state: 'pending', raw: 'queued' } };
  }
  const pid = readNumber(stateDir, LOCAL_FILES.pid);
  if (pid === undefined) {
    if (Date.now() - launched < LAUNCH_GRACE_MS) {
      return { phase: 'active', status: { state: 'running', raw: 'starting' } };
    }
    if (cancelRequested) {
      return { phase: 'ended', status: { state: 'cancelled', raw: 'cancelled before its wrapper started' } };
    }
    return ended(lostStatus('lost', `the job was launched but its wrapper never started (${stateDir})`));
  }
  if (processIsAlive(pid))
    return { phase: 'active', status: { state: 'running', raw: `running pid ${pid}` } };
  // The wrapper may have written its exit record between the two reads.
  const late = readExit(stateDir);
  if (late) return { phase: 'ended', status: endedStatus(late, cancelRequested) };
  return ended(lostStatus('lost', `wrapper pid ${pid} ended without recording an exit code in ${stateDir}`));
}

/** Writes one state file; failures become the job's lost status (directory gone or unwritable). */
export function writeStateFile(stateDir: string, name: string, content: string): void {
  try {
    writeFileAtomic(path.join(stateDir, name), content);
  } catch (error) {
    assertStateDir(stateDir);
    throw new LocalJobStateError(
      lostStatus('job-state-unwritable', `cannot write ${path.join(stateDir, name)}: ${errorCode(error)}`),
    );
  }
}

/** The wrapper's pid, once it has recorded it (by then it handles SIGTERM). */
export function readWrapperPid(stateDir: string): number | undefined {
  try {
    return readNumber(stateDir, LOCAL_FILES.pid);
  } catch {
    return undefined;
  }
}

/** The job's process group id, when its wrapper recorded one. */
export function readJobPgid(stateDir: string): number | undefined {
  try {
    return readNumber(stateDir, LOCAL_FILES.jobPgid);
  } catch {
    return undefined;
  }
}

function assertStateDir(stateDir: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(stateDir).isDirectory();
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      throw new LocalJobStateError(lostStatus('job-state-corrupt', `cannot inspect ${stateDir}: ${code}`));
    }
    isDirectory = false;
  }
  if (!isDirectory) {
    throw new LocalJobStateError(
      lostStatus('job-dir-missing', `the job's state directory ${stateDir} is gone (job directory removed?)`),
    );
  }
}

function readStateFile(stateDir: string, name: string): string | undefined {
  try {
    return readFileIfExists(path.join(stateDir, name));
  } catch (error) {
    throw corrupt(stateDir, name, `cannot be read (${errorCode(error)})`);
  }
}

function readNumber(stateDir: string, name: string): number | undefined {
  const text = readStateFile(stateDir, name);
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < 0) {
    throw corrupt(stateDir, name, `holds ${JSON.stringify(text.slice(0, 40))}, not a number`);
  }
  return value;
}

function readExit(stateDir: string): LocalExitRecord | undefined {
  const text = readStateFile(stateDir, LOCAL_FILES.exit);
  if (text === undefined) return undefined;
  let record: Partial<LocalExitRecord> | undefined;
  try {
    record = JSON.parse(text) as Partial<LocalExitRecord>;
  } catch {
    record = undefined;
  }
  if (!record || !Number.isInteger(record.exitCode) || typeof record.timedOut !== 'boolean') {
    throw corrupt(stateDir, LOCAL_FILES.exit, `is not an exit record: ${JSON.stringify(text.slice(0, 40))}`);
  }
  return record as LocalExitRecord;
}

function isJobRecord(text: string, id: string): boolean {
  try {
    return (JSON.parse(text) as { id?: unknown }).id === id;
  } catch {
    return false;
  }
}

function corrupt(stateDir: string, name: string, what: string): LocalJobStateError {
  return new LocalJobStateError(lostStatus('job-state-corrupt', `${path.join(stateDir, name)} ${what}`));
}

function ended(status: SchedulerStatus): LocalJobState {
  return { phase: 'ended', status };
}

function endedStatus(exit: LocalExitRecord, cancelRequested: boolean): SchedulerStatus {
  const raw = `exit ${exit.exitCode}${exit.timedOut ? ', walltime exceeded' : ''}${cancelRequested ? ', cancelled' : ''}`;
  if (exit.timedOut) return { state: 'timeout', reason: 'walltime exceeded', raw };
  if (cancelRequested) return { state: 'cancelled', raw };
  if (exit.exitCode === 0) return { state: 'completed', exitCode: 0, raw };
  return { state: 'failed', exitCode: exit.exitCode, reason: `exit code ${exit.exitCode}`, raw };
}
