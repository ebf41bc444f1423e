import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { Command } from 'commander';
import { parseActiveLearningInput, type GenerationRecord } from '../../active-learning/input';
import { loadConfig } from '../../config';
import { ORCASIM_BIN } from '../../paths';
import { activeLearning } from '../../workflows/active-learning';
import {
  activeLearningStatusQuery,
  pauseSignal,
  resumeSignal,
  stopAfterGenerationSignal,
  type ActiveLearningStatus,
} from '../../workflows/messages';
import { connectClient } from '../../temporal/connection';

/** `orcastrate al …`: start, watch and steer active-learning loops. */
export function registerActiveLearningCommand(program: Command): void {
  const al = program
    .command('al')
    .description('active learning: grow an ML-potential training set generation by generation');

  al.command('start')
    .description('start an activeLearning workflow (built-in engines unless --config names others)')
    .argument('<id>', 'loop id (workflow id; label campaigns are <id>.gen-<n>.label)')
    .option('--config <file>', 'JSON with the loop settings (engines, label, …); flags below override it')
    .option('--max-generations <n>', 'stop after this many generations')
    .option('--seed <n>', 'seed of the built-in engines')
    .option('--threshold <eh>', 'built-in selector: committee spread (Hartree) that counts as uncertain')
    .option('--failure-threshold <fraction>', "stop when more than this share of a generation's labels fail")
    .option('--orca <path>', 'ORCA executable for labelling', ORCASIM_BIN)
    .option('--keywords <line>', 'ORCA simple-input line for labelling (single points)', '! B3LYP def2-SVP')
    .option('--local-concurrency <n>', 'local runner: jobs at once', '2')
    .option('--follow', 'wait for the loop and print the RMSE per generation', false)
    .action(
      async (
        id: string,
        options: {
          config?: string;
          maxGenerations?: string;
          seed?: string;
          threshold?: string;
          failureThreshold?: string;
          orca: string;
          keywords: string;
          localConcurrency: string;
          follow: boolean;
        },
      ) => {
        const base = options.config
          ? (JSON.parse(readFileSync(options.config, 'utf8')) as Record<string, unknown>)
          : {};
        const raw: Record<string, unknown> = {
          ...base,
          label: base.label ?? {
            orca: { keywords: options.keywords, executable: path.resolve(options.orca), walltimeMinutes: 5 },
            scheduler: { kind: 'local', localConcurrency: Number(options.localConcurrency) },
            recovery: { strategy: 'adaptive', maxAttempts: 2 },
            pollIntervalSeconds: 1,
            graceMinutes: 0.5,
          },
          ...(options.maxGenerations ? { maxGenerations: Number(options.maxGenerations) } : {}),
          ...(options.seed ? { seed: Number(options.seed) } : {}),
          ...(options.failureThreshold ? { failureThreshold: Number(options.failureThreshold) } : {}),
        };
        if (options.threshold) {
          const engines = (raw.engines ?? {}) as Record<string, { options?: Record<string, unknown> }>;
          raw.engines = {
            ...engines,
            selector: {
              ...engines.selector,
              options: { ...engines.selector?.options, threshold: Number(options.threshold) },
            },
          };
        }
        const input = parseActiveLearningInput(raw); // bad input fails here, naming the field
        const config = loadConfig();
        const client = await connectClient(config);
        try {
          const handle = await client.workflow.start(activeLearning, {
            taskQueue: config.temporal.taskQueue,
            workflowId: id,
            args: [input],
          });
          console.log(`started active-learning loop ${id} (run ${handle.firstExecutionRunId})`);
          if (options.follow) await follow(client, id);
        } finally {
          await client.connection.close();
        }
      },
    );

  al.command('status')
    .description('generation, phase and per-generation metrics of a running or finished loop')
    .argument('<id>')
    .option('--json', 'print JSON', false)
    .action(async (id: string, options: { json: boolean }) => {
      await withClient(async (client) => {
        const status = await client.workflow.getHandle(id).query(activeLearningStatusQuery);
        console.log(options.json ? JSON.stringify(status, null, 2) : describeStatus(status));
      });
    });

  for (const [name, signal, what] of [
    ['pause', pauseSignal, 'pause at the next phase boundary (and the running label campaign)'],
    ['resume', resumeSignal, 'resume a paused loop'],
    ['stop', stopAfterGenerationSignal, 'stop after the current generation'],
  ] as const) {
    al.command(name)
      .description(what)
      .argument('<id>')
      .action(async (id: string) => {
        await withClient(async (client) => {
          await client.workflow.getHandle(id).signal(signal);
          console.log(`sent ${signal.name} to ${id}`);
        });
      });
  }
}

async function withClient(work: (client: Client) => Promise<void>): Promise<void> {
  const client = await connectClient(loadConfig());
  try {
    await work(client);
  } finally {
    await client.connection.close();
  }
}

async function follow(client: Client, id: string): Promise<void> {
  const handle = client.workflow.getHandle<typeof activeLearning>(id);
  let last = '';
  const ticker = setInterval(() => {
    handle.query(activeLearningStatusQuery).then(
      (status) => {
        const line = `  generation ${status.generation}/${status.maxGenerations}: ${status.phase}${status.paused ? ' (paused)' : ''}, dataset ${status.datasetSize}`;
        if (line !== last) console.log(line);
        last = line;
      },
      () => undefined, // between runs (continue-as-new) the query may miss
    );
  }, 2000);
  try {
    const summary = await handle.result();
    console.log(`\nloop ${id} finished: ${summary.stopReason}, dataset ${summary.datasetSize} structures`);
    console.log(generationTable(summary.generations));
  } catch (error) {
    if (error instanceof WorkflowFailedError) {
      console.error(`loop ${id} failed: ${error.cause?.message ?? error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    clearInterval(ticker);
  }
}

function describeStatus(status: ActiveLearningStatus): string {
  return (
    `loop ${status.alId}: generation ${status.generation}/${status.maxGenerations}, phase ${status.phase}` +
    `${status.paused ? ' (paused)' : ''}${status.stopAfterGeneration ? ', stopping after this generation' : ''}` +
    `, dataset ${status.datasetSize}\n${generationTable(status.generations)}`
  );
}

export function generationTable(generations: readonly GenerationRecord[]): string {
  const mEh = (x: number | null, digits: number) => (x === null ? '—' : (1000 * x).toFixed(digits));
  const rows = generations.map((g) =>
    [
      String(g.generation),
      `${g.labelled}/${g.labelTotal}`,
      String(g.datasetSize),
      mEh(g.holdoutRmseEh, 3),
      mEh(g.trainRmseEh, 3),
      mEh(g.maxUncertaintyEh, 2),
      String(g.selected),
    ].map((cell, i) => (i === 0 ? cell.padStart(3) : cell.padStart(14))),
  );
  const header = ['gen', 'labelled', 'dataset', 'RMSE hold-out', 'RMSE train', 'max σ', 'selected'].map(
    (h, i) => (i === 0 ? h.padStart(3) : h.padStart(14)),
  );
  return [header.join(''), '   (RMSE and σ in mEh)', ...rows.map((r) => r.join(''))].join('\n');
}
