import { FINAL_JOB_STATUSES, type StatusCounts } from '../campaign/statuses';

export function doneCount(counts: StatusCounts): number {
  return FINAL_JOB_STATUSES.reduce((sum, key) => sum + (counts[key] ?? 0), 0);
}

export function totalCount(counts: StatusCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** `[#########...........]  45%` — width counts the characters between the brackets. */
export function completionBar(done: number, total: number, width = 30): string {
  const fraction = total === 0 ? 0 : Math.min(1, done / total);
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

export function progressLine(counts: StatusCounts, inFlight: number, phase: string): string {
  const done = doneCount(counts);
  const total = totalCount(counts);
  return (
    `${completionBar(done, total)} ${done}/${total} done ` +
    `(completed ${counts.completed}, failed ${counts.failed}, timeout ${counts.timeout}` +
    (counts.blocked ? `, blocked ${counts.blocked}` : '') +
    ') ' +
    `running ${counts.running}, queued ${counts.submitted}, ` +
    (counts.waiting ? `waiting ${counts.waiting}, ` : '') +
    `in flight ${inFlight}, ${phase}`
  );
}
