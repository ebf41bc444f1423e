import type { JobListing } from '../db';

const HEADER = ['JOB', 'ROW', 'STATUS', 'REASON', 'ATTEMPTS', 'JOB DIR'];
/** Columns padded at the start (numbers) rather than the end. */
const RIGHT_ALIGNED = new Set([1, 4]);

/** Reasons carry schedulers' words: one line each in a table. */
const oneLine = (text: string | null): string => (text ? text.replace(/\s+/g, ' ').trim() : '-');

/** An aligned table of jobs, a header line first; `(no jobs)` when there are none. */
export function renderJobTable(jobs: readonly JobListing[]): string {
  if (jobs.length === 0) return '(no jobs)';
  const rows = jobs.map((job) => [
    job.jobId,
    String(job.rowIndex),
    job.status,
    oneLine(job.reason),
    String(job.attempts),
    job.jobDir ?? '-',
  ]);
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const lastColumn = HEADER.length - 1;
  return [HEADER, ...rows]
    .map((row) =>
      row
        .map((cell, column) => {
          if (column === lastColumn) return cell;
          const width = widths[column]!;
          return RIGHT_ALIGNED.has(column) ? cell.padStart(width) : cell.padEnd(width);
        })
        .join('  '),
    )
    .join('\n');
}
