import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { jobEnvironment } from './job-environment';
import type { LocalIndexEntry } from './local-index';
import { LOCAL_FILES, readJobPgid, writeStateFile } from './local-job-state';
import { LOCAL_WRAPPER_SCRIPT } from './local-wrapper';

/** `$0` of every wrapper: how a wrapper process is told apart from whatever reused its pid. */
const WRAPPER_NAME = 'orcastrate-local-job';

export interface LaunchSettings {
  bash: string;
  graceSeconds: number;
  /** The worker's environment, from which the job's minimal one is taken. */
  workerEnv: NodeJS.ProcessEnv;
  onExit: () => void;
}

/**
 * Starts the job's wrapper as a detached process group with the job's minimal environment and returns
 * the wrapper's pid (the wrapper records it in the state directory itself). Throws LocalJobStateError
 * when the job's state files cannot be written.
 */
export function launchLocalJob(entry: LocalIndexEntry, settings: LaunchSettings): number | undefined {
  writeStateFile(entry.stateDir, LOCAL_FILES.launched, `${Date.now()}\n`);
  const args = [
    '-c',
    LOCAL_WRAPPER_SCRIPT,
    WRAPPER_NAME,
    entry.stateDir,
    entry.scriptPath,
    entry.logPath,
    String(entry.walltimeSeconds),
    String(settings.graceSeconds),
  ];
  const child = spawn(settings.bash, args, {
    detached: true,
    stdio: 'ignore',
    cwd: path.dirname(entry.scriptPath),
    env: jobEnvironment(settings.workerEnv, entry.inheritEnv),
  });
  child.on('error', () => undefined);
  child.on('exit', settings.onExit);
  child.unref();
  return child.pid;
}

/**
 * Asks a job's wrapper to stop its job (SIGTERM; the wrapper forwards it to the job's group, then
 * SIGKILL after the grace period). Only a process whose command line proves it is this job's wrapper
 * is signalled; without /proc nothing is.
 */
export function stopWrapper(pid: number, stateDir: string): void {
  // bash -c SCRIPT orcastrate-local-job STATE_DIR ...
  const argv = commandLine(pid);
  if (argv?.[3] === WRAPPER_NAME && argv[4] === stateDir) signal(pid, 'SIGTERM');
}

/**
 * Stops whatever still runs of a job given up as lost: its wrapper, and its process group when the
 * wrapper died and left the job behind (the group leader must still be `bash <this job's script>`).
 * Without the job's index entry, the wrapper's own command line says where the job's files are.
 */
export function stopLostJob(
  wrapperPid: number | undefined,
  known: Pick<LocalIndexEntry, 'stateDir' | 'scriptPath'> | undefined,
  graceSeconds: number,
): void {
  let job = known;
  const argv = wrapperPid === undefined ? undefined : commandLine(wrapperPid);
  // bash -c SCRIPT orcastrate-local-job STATE_DIR JOB_SCRIPT ...
  if (wrapperPid !== undefined && argv?.[3] === WRAPPER_NAME && (!known || argv[4] === known.stateDir)) {
    job ??= { stateDir: argv[4] ?? '', scriptPath: argv[5] ?? '' };
    signal(wrapperPid, 'SIGTERM');
  }
  const pgid = job && readJobPgid(job.stateDir);
  if (!job || pgid === undefined || commandLine(pgid)?.[1] !== job.scriptPath) return;
  if (signal(-pgid, 'SIGTERM')) setTimeout(() => signal(-pgid, 'SIGKILL'), graceSeconds * 1000).unref();
}

/** Sends a signal to a pid (negative: a process group); false when there is no such process. */
export function signal(target: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(target, name);
    return true;
  } catch {
    return false;
  }
}

function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}
