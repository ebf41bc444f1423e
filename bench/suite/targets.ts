import { fmt, heading } from './report';
import type { ThroughputResult } from './throughput-result';

export interface MeasuredRow {
  jobs: number;
  ours: ThroughputResult;
  ratio: number;
  secondHalfRatio?: number;
}

interface Target {
  name: string;
  figure: (row: MeasuredRow) => number | undefined;
  show: (value: number) => string;
  met: (value: number) => boolean;
}

/** Issue 14's targets, each judged on our campaign with self-report at every size. */
const TARGETS: Target[] = [
  {
    name: 'ours ≥ 70 % of the ceiling',
    figure: (r) => r.ratio,
    show: (v) => `${fmt(100 * v, 0)} %`,
    met: (v) => v >= 0.7,
  },
  {
    name: 'the same, second half of the run',
    figure: (r) => r.secondHalfRatio,
    show: (v) => `${fmt(100 * v, 0)} %`,
    met: (v) => v >= 0.7,
  },
  {
    name: 'completion -> Postgres p99 ≤ 1 s (self-report, under this load)',
    figure: (r) => r.ours.latency?.p99Ms,
    show: (v) => `${fmt(v, 0)} ms`,
    met: (v) => v <= 1000,
  },
  {
    name: 'hook CPU ≤ 0.05 s per job',
    figure: (r) => r.ours.hookCpuPerJobS,
    show: (v) => `${fmt(v, 3)} s`,
    met: (v) => v <= 0.05,
  },
  {
    name: 'worker RSS ≤ 600 MB (at 10k jobs)',
    figure: (r) => r.ours.peakRssMb,
    show: (v) => `${fmt(v, 0)} MB`,
    met: (v) => v <= 600,
  },
];

/** The targets next to this run's figures, met or missed. */
export function targetLines(rows: MeasuredRow[]): string[] {
  const lines = [
    ...heading('1a. Targets (issue 14), this run'),
    '| target | ' + rows.map((r) => `${r.jobs} jobs`).join(' | ') + ' |',
  ];
  lines.push(`| --- |${rows.map(() => ' ---: |').join('')}`);
  for (const target of TARGETS) {
    const cells = rows.map((r) => {
      const value = target.figure(r);
      if (value === undefined) return '—';
      return `${target.show(value)} ${target.met(value) ? 'met' : '**MISSED**'}`;
    });
    lines.push(`| ${target.name} | ${cells.join(' | ')} |`);
  }
  return lines;
}
