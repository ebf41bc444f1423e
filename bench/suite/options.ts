export interface Options {
  sizes: number[];
  sizeCapMinutes: number;
  latencyJobs: number;
  load: number[];
  ingestRows: number;
  parseSizeMb: number;
  only?: Set<string>;
}

export function parseArgs(argv: string[]): Options {
  const options: Options = {
    sizes: [1000, 10000],
    sizeCapMinutes: 8,
    latencyJobs: 40,
    load: [10, 100, 1000],
    ingestRows: 100_000,
    parseSizeMb: 1024,
  };
  const list = (value: string | undefined) => (value ?? '').split(',').filter(Boolean).map(Number);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[++i];
    if (arg === '--sizes') options.sizes = list(value);
    else if (arg === '--size-cap-minutes') options.sizeCapMinutes = Number(value);
    else if (arg === '--latency-jobs') options.latencyJobs = Number(value);
    else if (arg === '--load') options.load = list(value);
    else if (arg === '--ingest-rows') options.ingestRows = Number(value);
    else if (arg === '--parse-size-mb') options.parseSizeMb = Number(value);
    else if (arg === '--only') options.only = new Set((value ?? '').split(','));
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}
