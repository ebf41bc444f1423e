import { readFileSync } from 'node:fs';

/** What the global setup started, shared with test files through a JSON file. */
export interface HarnessState {
  tmpDir: string;
  temporalCli: string;
  temporalAddress: string;
  temporalPort: number;
  temporalPid: number;
  temporalDbFile: string;
  temporalLogFile: string;
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
