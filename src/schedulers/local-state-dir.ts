import * as path from 'node:path';

/** Where the local runner keeps its index for a data root (shared by workers and `orcastrate cleanup`). */
export function localRunnerStateDir(dataRoot: string): string {
  return path.join(dataRoot, '.local-runner');
}
