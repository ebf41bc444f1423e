import type { StatusCounts } from '../campaign/statuses';

const FINISHED: (keyof StatusCounts)[] = ['completed', 'failed', 'timeout', 'cancelled'];

export function doneCount(counts: StatusCounts): number {
  return FINISHED.reduce((sum, key) => sum + counts[key], 0);
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
    `(completed ${counts.completed}, failed ${counts.failed}, timeout ${counts.timeout}) ` +
    `running ${counts.running}, queued ${counts.submitted}, in flight ${inFlight}, ${phase}`
  );
}
