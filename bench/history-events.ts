/**
 * History events per job workflow (issue 14, item 2): real `orcaJob` workflows of a real campaign on
 * a private dev server, instant jobs on the local runner, three ways a job's end arrives — (a) the
 * job reports it itself, (b) the batched poller alone sees it, (c) a job that runs ~4 s (the poller
 * sees it running first). Prints a markdown section; `--out FILE` also writes it.
 *
 *   npm run build && npx tsc -p bench/tsconfig.json && node dist/bench/bench/history-events.js \
 *     [--jobs 8] [--out FILE] [--save-histories DIR]
 */
import { writeFileSync } from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';

import { historyEventsSection } from './suite/history-events';
import { linkBinAndCli } from './suite/repo-paths';
import { closeStack, openStack } from './suite/stack';

interface EventOptions {
  jobs: number;
  out?: string;
  saveHistories?: string;
}

function parseEventArgs(argv: string[]): EventOptions {
  const options: EventOptions = { jobs: 8 };
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${arg}: missing value`);
    if (arg === '--jobs') options.jobs = Number(value);
    else if (arg === '--out') options.out = value;
    else if (arg === '--save-histories') options.saveHistories = value;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.jobs) || options.jobs < 1) throw new Error('--jobs: a positive integer');
  return options;
}

async function main(): Promise<void> {
  const options = parseEventArgs(process.argv.slice(2));
  linkBinAndCli();
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const stack = await openStack();
  try {
    const { lines } = await historyEventsSection(stack, options.jobs, options.saveHistories);
    const text = [`Measured ${new Date().toISOString()}.`, ...lines].join('\n') + '\n';
    console.log(text);
    if (options.out) writeFileSync(options.out, text);
  } finally {
    await closeStack(stack);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
