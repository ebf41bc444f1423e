import type { Variant } from './our-campaign';

export interface Options {
  /** Campaign sizes run until done, each at most `uncappedLimitMinutes` (then capped and marked). */
  sizes: number[];
  uncappedLimitMinutes: number;
  /** One more size (0: none), run for `sizeCapMinutes` only: a campaign far larger than the time allows. */
  cappedSize: number;
  sizeCapMinutes: number;
  /** Our campaign's variants: self-report (the curl hook, the default path) and/or poll-only. */
  variants: Variant[];
  /** Pairs of hook-on/hook-off job script runs sampled during each self-report run. */
  hookPairs: number;
  latencyJobs: number;
  load: number[];
  ingestRows: number;
  /** Rounds of the ingest comparison, each timing ours then psql (the median is the headline: a shared machine is noisy). */
  ingestRounds: number;
  parseSizeMb: number;
  only?: Set<string>;
  /** Temporal servers the throughput section runs on, one after the other in the same run. */
  topologies: Topology[];
  /** Where the results go (a partial run, e.g. --only, may keep RESULTS.md as it is). */
  out: string;
}

export type Topology = 'dev' | 'production';

function variantsOf(value: string | undefined): Variant[] {
  const names = (value ?? '').split(',').filter(Boolean);
  if (names.length === 0 || names.some((name) => name !== 'self-report' && name !== 'poll-only')) {
    throw new Error(
      `--variants ${JSON.stringify(value ?? '')}: a comma-separated list of self-report and poll-only`,
    );
  }
  return names as Variant[];
}

export function parseArgs(argv: string[]): Options {
  const options: Options = {
    sizes: [1000, 10000],
    uncappedLimitMinutes: 20,
    cappedSize: 100_000,
    sizeCapMinutes: 20,
    variants: ['self-report'],
    hookPairs: 20,
    latencyJobs: 40,
    load: [10, 100, 1000],
    ingestRows: 100_000,
    ingestRounds: 5,
    parseSizeMb: 1024,
    topologies: ['dev'],
    out: 'bench/RESULTS.md',
  };
  const list = (value: string | undefined) => (value ?? '').split(',').filter(Boolean).map(Number);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[++i];
    if (arg === '--sizes') options.sizes = list(value);
    else if (arg === '--uncapped-limit-minutes') options.uncappedLimitMinutes = Number(value);
    else if (arg === '--capped-size') options.cappedSize = Number(value);
    else if (arg === '--size-cap-minutes') options.sizeCapMinutes = Number(value);
    else if (arg === '--variants') options.variants = variantsOf(value);
    else if (arg === '--hook-pairs') options.hookPairs = Number(value);
    else if (arg === '--latency-jobs') options.latencyJobs = Number(value);
    else if (arg === '--load') options.load = list(value);
    else if (arg === '--ingest-rows') options.ingestRows = Number(value);
    else if (arg === '--ingest-rounds') options.ingestRounds = Number(value);
    else if (arg === '--parse-size-mb') options.parseSizeMb = Number(value);
    else if (arg === '--only') options.only = new Set((value ?? '').split(','));
    else if (arg === '--topologies') options.topologies = topologiesOf(value);
    else if (arg === '--out') options.out = value ?? options.out;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

function topologiesOf(value: string | undefined): Topology[] {
  const names = (value ?? '').split(',').filter(Boolean);
  const bad = names.filter((name) => name !== 'dev' && name !== 'production');
  if (names.length === 0 || bad.length > 0) {
    throw new Error(
      `--topologies ${JSON.stringify(value ?? '')}: a comma-separated list of dev and production`,
    );
  }
  return names as Topology[];
}
