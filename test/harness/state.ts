import { readFileSync } from 'node:fs';
import type { Topology } from './topology';

/** What the global setup started, shared with test files through a JSON file. */
export interface HarnessState {
  topology: Topology;
  tmpDir: string;
  temporalCli: string;
  temporalAddress: string;
  temporalPort: number;
  /** The run's namespace: `default` on the dev server, a throwaway one on the production server. */
  temporalNamespace: string;
  temporalPid: number;
  temporalLogFile: string;
  /** production topology: this run started the stack's server and stops it at the end */
  startedStack: boolean;
  serverVersion: string;
  databaseUrl: string;
  workflowBundlePath: string;
}

export const STATE_FILE_VARIABLE = 'ORCASTRATE_TEST_HARNESS_STATE';

export function readHarnessState(): HarnessState {
  const file = process.env[STATE_FILE_VARIABLE];
  if (!file) throw new Error(`${STATE_FILE_VARIABLE} is not set: run the tests through jest's global setup`);
  return JSON.parse(readFileSync(file, 'utf8')) as HarnessState;
}
