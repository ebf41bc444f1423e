import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where ORCA reads the attempt's starting geometry. */
export const GEOMETRY_FILE = 'input.xyz';
/** ORCA writes the last geometry of a run to <basename>.xyz next to its output. */
export const LAST_GEOMETRY_FILE = 'job.xyz';

/** An attempt's directory relative to the data root: `<campaign>/<job>/attempt-<n>`. */
export function attemptDir(campaignId: string, jobId: string, attempt: number): string {
  return path.join(campaignId, jobId, `attempt-${attempt}`);
}

/** The last geometry ORCA wrote in the newest earlier attempt that has one. */
export function lastGeometry(
  dataRoot: string,
  campaignId: string,
  jobId: string,
  attempt: number,
): string | undefined {
  for (let previous = attempt - 1; previous >= 1; previous -= 1) {
    const file = path.join(dataRoot, attemptDir(campaignId, jobId, previous), LAST_GEOMETRY_FILE);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return undefined;
}
