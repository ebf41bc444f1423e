import * as path from 'node:path';
import { readFileIfExists, writeFileAtomic } from './atomic-file';
import type { SchedulerKind } from './types';

/** Written in the job directory once the scheduler has accepted the job. */
export interface SubmissionMarker {
  kind: SchedulerKind;
  name: string;
  schedulerId: string;
  submittedAt: string;
}

/** One marker per job name, so a new attempt in the same directory never reuses an old one. */
export function markerPath(jobDir: string, name: string): string {
  return path.join(jobDir, `.orcastrate-submitted.${name}.json`);
}

export function writeMarker(jobDir: string, marker: SubmissionMarker): void {
  writeFileAtomic(markerPath(jobDir, marker.name), `${JSON.stringify(marker)}\n`);
}

/** The marker for this name and scheduler kind, or undefined (also for a corrupt or foreign marker). */
export function readMarker(jobDir: string, name: string, kind: SchedulerKind): SubmissionMarker | undefined {
  const text = readFileIfExists(markerPath(jobDir, name));
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<SubmissionMarker>;
    if (parsed.kind === kind && parsed.name === name && typeof parsed.schedulerId === 'string') {
      return {
        kind,
        name,
        schedulerId: parsed.schedulerId,
        submittedAt: String(parsed.submittedAt ?? ''),
      };
    }
  } catch {
    // A torn write cannot happen (rename is atomic); anything unparsable is not ours.
  }
  return undefined;
}
