import { readMarker, writeMarker } from './marker';
import type { JobRef, JobSpec, SchedulerKind, SubmitResult } from './types';

export interface SubmitSteps {
  kind: SchedulerKind;
  spec: JobSpec;
  jobDir: string;
  findByName(name: string): Promise<JobRef[]>;
  /** Hands the job to the scheduler and returns its id. */
  submitNew(): Promise<string>;
  /**
   * Which of the jobs found under the name (newest first) is this submission; default the newest. A
   * scheduler may need to act on it first (Flux releases the job it submitted held).
   */
  adopt?(known: JobRef[]): Promise<string>;
  /** Called between the scheduler accepting the job and the marker being written (crash tests). */
  afterSchedulerAccepted?: (schedulerId: string) => void;
}

/**
 * Marker first, then the scheduler's own memory of the name, and only then a new submission. A crash
 * after the scheduler accepted the job but before the marker exists is caught by the name lookup.
 */
export async function submitIdempotently(steps: SubmitSteps): Promise<SubmitResult> {
  const { kind, spec, jobDir } = steps;
  const marker = readMarker(jobDir, spec.name, kind);
  if (marker) return { schedulerId: marker.schedulerId, reused: true };

  const known = await steps.findByName(spec.name);
  if (known[0]) {
    const schedulerId = steps.adopt ? await steps.adopt(known) : known[0].schedulerId;
    writeMarker(jobDir, { kind, name: spec.name, schedulerId, submittedAt: now() });
    return { schedulerId, reused: true };
  }

  const schedulerId = await steps.submitNew();
  steps.afterSchedulerAccepted?.(schedulerId);
  writeMarker(jobDir, { kind, name: spec.name, schedulerId, submittedAt: now() });
  return { schedulerId, reused: false };
}

function now(): string {
  return new Date().toISOString();
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
