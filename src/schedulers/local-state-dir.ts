import * as path from 'node:path';

/**
 * Where the local runner keeps its index for a data root (shared by workers and `orcastrate cleanup`).
 * With a host, the index of that host's own jobs: a data root on a shared file system is seen by the
 * workers of several hosts, and a runner must never survey, start or stop the processes of another
 * host (it would take them for lost: their pids do not exist on its machine). Without a host, the
 * index of jobs not pinned to a host (started before host pinning, or by a worker without a host
 * task queue).
 */
export function localRunnerStateDir(dataRoot: string, host?: string): string {
  return path.join(dataRoot, host === undefined ? '.local-runner' : `.local-runner@${host}`);
}
