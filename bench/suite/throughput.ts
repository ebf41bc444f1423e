import { engineCeiling } from './ceiling';
import { describeShape, JOB_SHAPE } from '../engine/job-shape';
import type { Options } from './options';
import { ourCampaign } from './our-campaign';
import { fmt, heading, log } from './report';
import type { Stack } from './stack';
import { targetLines, type MeasuredRow } from './targets';
import type { ThroughputResult } from './throughput-result';

const WINDOW = 200;

const or = (value: number | undefined, show: (n: number) => string) =>
  value === undefined ? '—' : show(value);

function row(jobs: number, variant: string, r: ThroughputResult, ceiling?: ThroughputResult): string {
  const ratio = ceiling && r.jobsPerSecond / ceiling.jobsPerSecond;
  const half = (x: ThroughputResult | undefined) => x?.secondHalfJobsPerSecond;
  const halfRatio = ceiling && half(r) !== undefined && half(ceiling) ? half(r)! / half(ceiling)! : undefined;
  const cells = [
    String(jobs),
    variant,
    `${r.finished}${r.complete ? '' : ' (capped)'}`,
    fmt(r.jobsPerSecond, 2),
    ratio === undefined ? '100 %' : `**${fmt(100 * ratio, 0)} %**`,
    or(half(r), (n) => fmt(n, 2)),
    ceiling ? or(halfRatio, (n) => `${fmt(100 * n, 0)} %`) : '100 %',
    r.firstWindowSeconds === undefined ? 'not within the run' : `${fmt(r.firstWindowSeconds)} s`,
    or(r.jobHistory, String),
    r.campaignRuns === undefined ? '—' : `${r.campaignRuns} (${r.campaignRuns - 1})`,
    r.campaignRuns === undefined ? '—' : fmt(r.campaignEvents! / r.campaignRuns, 0),
    r.campaignEvents === undefined || r.finished === 0 ? '—' : fmt(r.campaignEvents / r.finished),
    `${fmt(r.peakRssMb, 0)} MB${r.workerInOwnProcess === false ? ' (bench process)' : ''}`,
    or(r.ingestRowsPerSecond, (n) => fmt(n, 0)),
    or(r.postgresRowWritesPerSecond, (n) => fmt(n, 0)),
    or(r.jobTransitionsPerSecond, (n) => fmt(n, 1)),
    r.latency ? `${fmt(r.latency.p50Ms, 0)} / ${fmt(r.latency.p99Ms, 0)} ms` : '—',
    or(r.hookCpuPerJobS, (s) => `${fmt(s, 3)} s`),
    or(r.jobProcessCpuPerJobS, (s) => `${fmt(s, 3)} s`),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Section 1: jobs/s of the engine's ceiling and of our campaign, and what each run cost, per size. */
export async function throughputSection(
  stack: Stack,
  options: Options,
  measured: Map<string, number> = new Map(),
): Promise<string[]> {
  const server = stack.topology === 'dev' ? 'dev server' : 'production server on Postgres';
  const lines = heading(
    `1${stack.topology === 'dev' ? '' : 'b'}. Engine ceiling vs our campaign (jobs/s, same ${server}, same run)`,
  );
  const runs = [
    ...options.sizes.map((jobs) => ({ jobs, capMinutes: options.uncappedLimitMinutes })),
    ...(options.cappedSize > 0 ? [{ jobs: options.cappedSize, capMinutes: options.sizeCapMinutes }] : []),
  ];
  lines.push(
    `Ceiling = bare jobs (\`bench/engine\`, shape in \`bench/engine/job-shape.ts\`: ${describeShape(JOB_SHAPE)};`,
    `no-op activities) started by the bench's client as independent workflows, ${WINDOW} in flight (a new one`,
    'as soon as one closes). Ours = the real `campaign` (maxInFlight 200, poll 1 s) on the local runner (32',
    'slots), instant jobs (a shell script printing a complete simulator output), each job script reporting',
    'its end through the curl hook (self-report)' +
      (options.variants.includes('poll-only') ? '; poll-only = the same jobs without the hook.' : '.'),
    `Sizes ${options.sizes.join(', ') || '—'} run until done, at most ${options.uncappedLimitMinutes} min each.` +
      (options.cappedSize > 0 ? ` ${options.cappedSize} jobs run ${options.sizeCapMinutes} min.` : '') +
      ' A capped run reports the jobs finished by then; both sides of a ratio count their ramp-up',
    '(the ceiling starts its window at once, ours as fast as the campaign starts job workflows); the',
    'second half of each run, without either ramp-up, is shown next to the whole.',
    '',
    'First window = until the first 200 job workflows had started. Campaign runs = 1 + continue-as-new',
    'count. RSS = peak RSS (VmHWM) of our worker, the real `dist/workers/main.js` in a process of its own',
    'with the default ORCASTRATE_WORKER_* tuning (cache of 1 000 workflows), as deployed; for the ceiling,',
    'the bench process, which hosts its worker (SDK defaults) and the client. Ingest = `ingestCsvIntoCampaign` of the',
    'generated CSV, rows/s; Postgres writes = rows inserted, updated or deleted per second during the run',
    '(pg_stat_user_tables); job transitions = status changes of the jobs per second (job_transitions rows).',
    'Completion -> Postgres = the end instant the job program writes itself vs',
    "`jobs.finished_at`, every completed job of the run. Hook CPU = `bench:hook`'s method during the run",
    '(the same job script with the hook and without, GNU time, interleaved); job CPU = the whole job',
    'process tree (wrapper, script, program, hook) per job, from /proc (cutime + cstime of the worker).',
    '',
    '| jobs | variant | finished | jobs/s | ratio to ceiling | jobs/s, second half | ratio, second half | first window | events per job | campaign runs (continue-as-new) | events per campaign run | campaign events per job | worker RSS peak | ingest rows/s | Postgres row writes/s | job transitions/s | completion -> Postgres p50 / p99 | hook CPU per job | job CPU per job |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const rows: MeasuredRow[] = [];
  const mixes = { ours: '—', ceiling: '—' };
  const stages: string[] = [];
  for (const { jobs, capMinutes } of runs) {
    const capMs = capMinutes * 60_000;
    log(`throughput: ceiling with ${jobs} jobs (cap ${capMinutes} min)`);
    const ceiling = await engineCeiling(stack, jobs, capMs, WINDOW);
    lines.push(row(jobs, 'ceiling', ceiling));
    mixes.ceiling = ceiling.jobEventMix ?? '—';
    measured.set(`${jobs}|ceiling`, ceiling.jobsPerSecond);
    log(
      `  ceiling: ${fmt(ceiling.jobsPerSecond, 2)} jobs/s, first window ${or(ceiling.firstWindowSeconds, fmt)} s`,
    );
    for (const variant of options.variants) {
      log(`throughput: our campaign (${variant}) with ${jobs} jobs (cap ${capMinutes} min)`);
      const ours = await ourCampaign(stack, jobs, capMs, WINDOW, variant, options.hookPairs);
      const ratio = ours.jobsPerSecond / ceiling.jobsPerSecond;
      lines.push(row(jobs, `ours, ${variant}`, ours, ceiling));
      measured.set(`${jobs}|ours, ${variant}`, ours.jobsPerSecond);
      if (variant === 'self-report') {
        const halves = [ours.secondHalfJobsPerSecond, ceiling.secondHalfJobsPerSecond];
        const secondHalfRatio = halves[0] !== undefined && halves[1] ? halves[0] / halves[1] : undefined;
        rows.push({ jobs, ours, ratio, secondHalfRatio });
      }
      if (variant === 'self-report') {
        mixes.ours = ours.jobEventMix ?? '—';
        stages.push(`- ${jobs} jobs: ${ours.latencyStages ?? 'no job with a complete history'}`);
      }
      console.log(
        `throughput (${stack.topology}) ${jobs} jobs: ceiling ${fmt(ceiling.jobsPerSecond, 2)} jobs/s, ` +
          `ours (${variant}) ${fmt(ours.jobsPerSecond, 2)} jobs/s, ratio ${fmt(100 * ratio, 0)} %, ` +
          `first window ${or(ours.firstWindowSeconds, fmt)} s vs ${or(ceiling.firstWindowSeconds, fmt)} s, ` +
          `p99 ${or(ours.latency?.p99Ms, (n) => fmt(n, 0))} ms, hook CPU ${or(ours.hookCpuPerJobS, (n) => fmt(n, 3))} s, ` +
          `RSS ${fmt(ours.peakRssMb, 0)} MB`,
      );
    }
  }
  lines.push(
    '',
    'Event mix of one job workflow (the last size), to check that the ceiling copies our shape:',
    `- ours (row-000000): ${mixes.ours}`,
    `- ceiling (bare j0): ${mixes.ceiling}`,
    '',
    'Where completion -> Postgres goes under this load (ours, self-report; the first 200 completed jobs,',
    'from their histories: end instant, report signal, workflow task started, `concludeAttempt` started,',
    '`jobs.finished_at`, which that activity writes):',
    '',
    ...stages,
    ...targetLines(rows),
  );
  return lines;
}

/** The same jobs/s on both servers, measured one after the other in this run. */
export function topologyComparison(dev: Map<string, number>, production: Map<string, number>): string[] {
  const lines = heading('1c. The same jobs/s on the dev server and on the production server (same run)');
  lines.push(
    'Production = `temporal-server` 1.29.1 with persistence and visibility on the local Postgres',
    '(`deploy/temporal`, 4 history shards), a private instance of its own databases; dev = `temporal server',
    'start-dev` (SQLite). Same worker, same jobs, one after the other.',
    '',
    '| jobs | variant | dev server jobs/s | production server jobs/s | production / dev |',
    '| ---: | --- | ---: | ---: | ---: |',
  );
  for (const [key, devRate] of dev) {
    const productionRate = production.get(key);
    if (productionRate === undefined) continue;
    const [jobs, variant] = key.split('|');
    lines.push(
      `| ${jobs} | ${variant} | ${fmt(devRate, 2)} | ${fmt(productionRate, 2)} | **${fmt(productionRate / devRate)}×** |`,
    );
  }
  return lines;
}
