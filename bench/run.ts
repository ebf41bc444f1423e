/**
 * `npm run bench`: issues 7 and 14's figures, measured side by side in ONE run on real parts (a private
 * Temporal dev server, the local Postgres, the local runner, the local SLURM), written to
 * bench/RESULTS.md with the command that produced them. Headline figures are ratios and counts
 * measured within this run; times are context only (the machine is shared and noisy).
 *
 *   npm run bench [-- --sizes 1000,10000] [--uncapped-limit-minutes 20]
 *                 [--capped-size 100000] [--size-cap-minutes 20]
 *                 [--variants self-report,poll-only] [--hook-pairs 20] [--latency-jobs 40]
 *                 [--load 10,100,1000] [--ingest-rows 100000] [--ingest-rounds 5]
 *                 [--parse-size-mb 1024] [--only a,b]
 *                 [--topologies dev,production]   (throughput on each server, compared) [--out FILE]
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';

import { ingestSection } from './suite/ingest';
import { latencySection } from './suite/latency';
import { parseArgs } from './suite/options';
import { parserSection } from './suite/parser';
import { linkBinAndCli } from './suite/repo-paths';
import { writeResults } from './suite/results-file';
import { schedulerLoadSection } from './suite/scheduler-load';
import { closeStack, openStack } from './suite/stack';
import { throughputSection, topologyComparison } from './suite/throughput';

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  linkBinAndCli();
  const wants = (part: string) => !options.only || options.only.has(part);
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  // a capped run terminates workflows under a running worker: its "task not found" warnings are expected
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const stack = await openStack();
  const started = new Date();
  const lines: string[] = [];
  try {
    const measured = new Map<string, Map<string, number>>();
    if (wants('throughput')) {
      for (const topology of options.topologies) {
        const rates = new Map<string, number>();
        measured.set(topology, rates);
        if (topology === 'dev') {
          lines.push(...(await throughputSection(stack, options, rates)));
          continue;
        }
        const other = await openStack(topology);
        try {
          lines.push(...(await throughputSection(other, options, rates)));
        } finally {
          await closeStack(other);
        }
      }
      if (measured.has('dev') && measured.has('production')) {
        lines.push(...topologyComparison(measured.get('dev')!, measured.get('production')!));
      }
    }
    if (wants('latency')) lines.push(...(await latencySection(stack, options)));
    if (wants('load')) lines.push(...(await schedulerLoadSection(stack, options)));
    if (wants('ingest')) lines.push(...(await ingestSection(stack, options)));
    if (wants('parse')) lines.push(...(await parserSection(options)));
  } finally {
    await closeStack(stack);
  }
  writeResults(command, started, lines, options.out);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
