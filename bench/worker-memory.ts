/**
 * Where the worker's memory goes and what bounds it (issue 14: worker RSS ≤ 600 MB at 10k jobs):
 * the real campaign on instant jobs, the real worker in its own process, once per setting of its
 * environment, on one private dev server in one run. Reports peak RSS, how the peak splits (smaps),
 * and jobs/s as a ratio to the first setting.
 *
 *   npm run bench:memory -- [--jobs 10000] [--cap-minutes 4] [--settings default,arena2,...] [--out FILE]
 *
 * Results and what they show: bench/RESULTS-worker-memory.md.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';

import { ourCampaign } from './suite/our-campaign';
import { fmt } from './suite/report';
import { linkBinAndCli } from './suite/repo-paths';
import { closeStack, openStack } from './suite/stack';

const SETTINGS: Record<string, Record<string, string>> = {
  default: {},
  arena2: { MALLOC_ARENA_MAX: '2' },
  heap256: { NODE_OPTIONS: '--max-old-space-size=256' },
  cache250: { ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: '250' },
  'arena2+heap256': { MALLOC_ARENA_MAX: '2', NODE_OPTIONS: '--max-old-space-size=256' },
  activities60: { ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: '60' },
  // a fixed threshold: glibc otherwise raises it after each large free, and 2 MiB buffers stay in arenas
  mmap128k: { MALLOC_MMAP_THRESHOLD_: '131072' },
  'mmap128k+heap256': { MALLOC_MMAP_THRESHOLD_: '131072', NODE_OPTIONS: '--max-old-space-size=256' },
};

interface MemoryOptions {
  jobs: number;
  capMinutes: number;
  settings: string[];
  out?: string;
}

function parseMemoryArgs(argv: string[]): MemoryOptions {
  const options: MemoryOptions = { jobs: 10_000, capMinutes: 4, settings: Object.keys(SETTINGS) };
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${arg}: missing value`);
    if (arg === '--jobs') options.jobs = Number(value);
    else if (arg === '--cap-minutes') options.capMinutes = Number(value);
    else if (arg === '--settings') options.settings = value.split(',');
    else if (arg === '--out') options.out = value;
    else throw new Error(`unknown argument ${arg}`);
  }
  const unknown = options.settings.filter((name) => !(name in SETTINGS));
  if (unknown.length) throw new Error(`--settings: unknown ${unknown.join(', ')}`);
  return options;
}

/** The smaps of this process's worker children at their largest RSS so far, by kind of mapping. */
class SmapsSampler {
  peak = { rssKb: 0, parts: new Map<string, number>(), threads: 0 };
  private readonly timer = setInterval(() => this.sample(), 3_000);

  private sample(): void {
    for (const pid of workerChildren()) {
      try {
        const parts = smapsByKind(pid);
        const rssKb = [...parts.values()].reduce((a, b) => a + b, 0);
        if (rssKb > this.peak.rssKb) this.peak = { rssKb, parts, threads: threadCount(pid) };
      } catch {
        // the process ended between listing and reading
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function workerChildren(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return (
          ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workers/main.js')
        );
      } catch {
        return false;
      }
    });
}

function threadCount(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).length;
}

const ARENA_BYTES = 64 * 2 ** 20;

/**
 * RSS kB per kind: [heap] (glibc's main arena), glibc's other arenas (a 64 MB-aligned anonymous
 * mapping whose inaccessible rest makes it 64 MB), other anonymous memory (V8's heaps, stacks, the
 * SDK core's allocations through the main arena go to [heap]), file-backed and the rest.
 */
function smapsByKind(pid: number): Map<string, number> {
  interface Mapping {
    start: number;
    end: number;
    perms: string;
    name: string;
    rssKb: number;
  }
  const mappings: Mapping[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      const [start, end] = [parseInt(header[1]!, 16), parseInt(header[2]!, 16)];
      mappings.push({ start, end, perms: header[3]!, name: header[4]!.trim(), rssKb: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && mappings.length) mappings[mappings.length - 1]!.rssKb = Number(rss[1]);
  }
  const parts = new Map<string, number>();
  mappings.forEach((m, i) => {
    const next = mappings[i + 1];
    const arena =
      m.name === '' &&
      m.start % ARENA_BYTES === 0 &&
      (m.end - m.start === ARENA_BYTES ||
        (next?.start === m.end && next.perms.startsWith('---') && next.end - m.start === ARENA_BYTES));
    const kind =
      m.name === '[heap]'
        ? '[heap]'
        : arena
          ? 'malloc arenas'
          : m.name.startsWith('/')
            ? 'file-backed'
            : m.name === ''
              ? 'anonymous other'
              : 'other';
    parts.set(kind, (parts.get(kind) ?? 0) + m.rssKb);
  });
  return parts;
}

async function main(): Promise<void> {
  const options = parseMemoryArgs(process.argv.slice(2));
  linkBinAndCli();
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const stack = await openStack();
  const lines = [
    `Measured ${new Date().toISOString()}: ${options.jobs} instant jobs per setting, each run capped at ${options.capMinutes} min, dev server.`,
    '',
    '| setting | environment | jobs/s | ratio to first | peak RSS | split at peak (MB) | threads | completion -> Postgres p50 / p99 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  let first: number | undefined;
  try {
    for (const name of options.settings) {
      const sampler = new SmapsSampler();
      const env = SETTINGS[name]!;
      const result = await ourCampaign(
        stack,
        options.jobs,
        options.capMinutes * 60_000,
        200,
        'self-report',
        2,
        env,
      ).finally(() => sampler.stop());
      first ??= result.jobsPerSecond;
      const split = [...sampler.peak.parts]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, kb]) => `${kind} ${fmt(kb / 1024, 0)}`);
      const line = `| ${name} | ${
        Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ') || '—'
      } | ${fmt(result.jobsPerSecond, 2)} | ${fmt((100 * result.jobsPerSecond) / first, 0)} % | ${fmt(result.peakRssMb, 0)} MB | ${split.join('; ')} | ${sampler.peak.threads} | ${result.latency ? `${fmt(result.latency.p50Ms, 0)} / ${fmt(result.latency.p99Ms, 0)} ms` : '—'} |`;
      console.log(line);
      lines.push(line);
    }
  } finally {
    await closeStack(stack);
  }
  const text = lines.join('\n') + '\n';
  console.log(text);
  if (options.out) writeFileSync(options.out, text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
