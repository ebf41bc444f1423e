import type { JobListing } from '../db';

interface Column {
  title: string;
  cell: (job: JobListing) => string;
  /** Numbers are padded at the start. */
  right?: boolean;
  /** Shown only when some listed job has a value for it. */
  shown?: (jobs: readonly JobListing[]) => boolean;
}

/** Reasons carry schedulers' words: one line each in a table. */
const oneLine = (text: string | null): string => (text ? text.replace(/\s+/g, ' ').trim() : '-');
const number = (value: number | null, digits: number): string =>
  value === null ? '-' : value.toFixed(digits);
const any =
  (pick: (job: JobListing) => number | null, atLeast = -Infinity) =>
  (jobs: readonly JobListing[]) =>
    jobs.some((job) => {
      const value = pick(job);
      return value !== null && value >= atLeast;
    });

/** The job's properties sit between its attempts and its directory, when the outputs printed them. */
const COLUMNS: Column[] = [
  { title: 'JOB', cell: (job) => job.jobId },
  { title: 'ROW', cell: (job) => String(job.rowIndex), right: true },
  { title: 'STATUS', cell: (job) => job.status },
  // a completed job keeps no reason: its chemistry warnings take the column
  { title: 'REASON', cell: (job) => oneLine(job.reason ?? job.properties.checkWarnings.join(', ')) },
  { title: 'ATTEMPTS', cell: (job) => String(job.attempts), right: true },
  {
    title: 'ENERGY (Eh)',
    cell: (job) => number(job.properties.finalEnergyEh, 6),
    right: true,
    shown: any((job) => job.properties.finalEnergyEh),
  },
  {
    title: 'GAP (eV)',
    cell: (job) => number(job.properties.homoLumoGapEv, 3),
    right: true,
    shown: any((job) => job.properties.homoLumoGapEv),
  },
  {
    title: 'IMAG',
    cell: (job) => number(job.properties.imaginaryModes, 0),
    right: true,
    shown: any((job) => job.properties.imaginaryModes),
  },
  {
    title: 'G (Eh)',
    cell: (job) => number(job.properties.gibbsFreeEnergyEh, 6),
    right: true,
    shown: any((job) => job.properties.gibbsFreeEnergyEh),
  },
  {
    title: 'WARN',
    cell: (job) => number(job.properties.warnings, 0),
    right: true,
    shown: any((job) => job.properties.warnings, 1),
  },
  { title: 'JOB DIR', cell: (job) => job.jobDir ?? '-' },
];

/** An aligned table of jobs, a header line first; `(no jobs)` when there are none. */
export function renderJobTable(jobs: readonly JobListing[]): string {
  if (jobs.length === 0) return '(no jobs)';
  const columns = COLUMNS.filter((column) => column.shown?.(jobs) ?? true);
  const rows = jobs.map((job) => columns.map((column) => column.cell(job)));
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...rows.map((row) => row[i]!.length)),
  );
  const last = columns.length - 1;
  return [columns.map((column) => column.title), ...rows]
    .map((row) =>
      row
        .map((cell, i) => {
          if (i === last) return cell;
          return columns[i]!.right ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
        })
        .join('  '),
    )
    .join('\n');
}
