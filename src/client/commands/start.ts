import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { parseCampaignInput, type CampaignInput } from '../../campaign/input';
import { loadConfig, type Config } from '../../config';
import { createPool } from '../../db/pool';
import { connectClient } from '../../temporal/connection';
import { startCampaign, type StartedCampaign } from '../campaign-start';
import { INTERRUPTED_EXIT_CODE, printCampaignWatch } from '../watch-output';
import { integerOption } from './report';
import { reportRequestError } from './request-errors';

interface StartOptions {
  campaign: string;
  input?: string;
  csv?: string;
  preset?: 'default' | 'architector';
  keywords?: string;
  orca?: string;
  cores?: number;
  memoryMb?: number;
  walltimeMinutes?: number;
  scheduler?: 'local' | 'slurm' | 'flux';
  partition?: string;
  account?: string;
  localConcurrency?: number;
  maxInFlight?: number;
  pollSeconds?: number;
  graceMinutes?: number;
  strategy?: 'fail-fast' | 'retry' | 'adaptive';
  maxAttempts?: number;
  keepColumns?: string;
  follow: boolean;
}

type Section = Record<string, unknown>;
interface LooseInput extends Section {
  campaignId?: string;
  csvPath?: string;
  ingest?: Section;
  orca?: Section;
  scheduler?: Section;
  recovery?: Section;
}

export function buildCampaignInput(options: StartOptions, cwd = process.cwd()): CampaignInput {
  const base = (options.input ? JSON.parse(readFileSync(options.input, 'utf8')) : {}) as LooseInput;
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...base,
    campaignId: base.campaignId ?? options.campaign,
    csvPath: options.csv ? path.resolve(cwd, options.csv) : base.csvPath,
    ingest: {
      ...base.ingest,
      ...defined({ preset: options.preset, keepColumns: options.keepColumns?.split(',').filter(Boolean) }),
    },
    orca: {
      ...base.orca,
      ...defined({
        keywords: options.keywords,
        executable: options.orca ? path.resolve(cwd, options.orca) : undefined,
        cores: options.cores,
        memoryMb: options.memoryMb,
        walltimeMinutes: options.walltimeMinutes,
      }),
    },
    scheduler: {
      ...base.scheduler,
      ...defined({
        kind: options.scheduler,
        partition: options.partition,
        account: options.account,
        localConcurrency: options.localConcurrency,
      }),
    },
    recovery: {
      ...base.recovery,
      ...defined({ strategy: options.strategy, maxAttempts: options.maxAttempts }),
    },
    ...defined({
      maxInFlight: options.maxInFlight,
      pollIntervalSeconds: options.pollSeconds,
      graceMinutes: options.graceMinutes,
    }),
  } as CampaignInput;
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start a campaign workflow (same as `temporal workflow start --type campaign`)')
    .requiredOption('--campaign <id>', 'campaign id, also the workflow id')
    .option('--input <file.json>', 'campaign input as JSON; flags below override its fields')
    .option('--csv <file>', 'architector CSV to ingest')
    .option('--preset <name>', 'CSV column preset: default | architector')
    .option('--keep-columns <a,b>', 'extra CSV columns to keep with each job')
    .option('--keywords <line>', 'ORCA simple input, e.g. "! B3LYP def2-SVP OPT"')
    .option('--orca <path>', 'ORCA executable (full path)')
    .option('--cores <n>', 'cores per job', integerOption('--cores', 1))
    .option('--memory-mb <n>', 'memory per job in MB', integerOption('--memory-mb', 100))
    .option('--walltime-minutes <n>', 'walltime per job', Number)
    .option('--scheduler <kind>', 'local | slurm | flux')
    .option('--partition <name>', 'SLURM partition / Flux queue')
    .option('--account <name>', 'SLURM account / Flux bank')
    .option('--local-concurrency <n>', 'local runner: jobs at once', integerOption('--local-concurrency', 1))
    .option('--max-in-flight <n>', 'job workflows in flight at once', integerOption('--max-in-flight', 1))
    .option('--poll-seconds <s>', 'scheduler poll interval', Number)
    .option('--grace-minutes <m>', 'added to the walltime before a still-running job is timed out', Number)
    .option('--strategy <name>', 'recovery: fail-fast | retry | adaptive')
    .option('--max-attempts <n>', 'attempts per job', integerOption('--max-attempts', 1))
    .option('--follow', 'show progress until the campaign settles (every job final) or closes', false)
    .action(async (options: StartOptions) => {
      const input = buildCampaignInput(options);
      try {
        parseCampaignInput(input); // before connecting: bad input is refused even when Temporal is down
      } catch (error) {
        if (reportRequestError(error)) return;
        throw error;
      }
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const started = await startCampaign(client, config, input, { workflowId: options.campaign });
        // stdout's first line names the workflow id, for scripts; progress (if any) follows.
        console.log(
          `campaign ${started.campaignId} started: workflow id ${started.workflowId} (run ${started.runId})`,
        );
        if (options.follow) await follow(client, config, started);
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          console.error(
            `orcastrate: a workflow with id ${JSON.stringify(options.campaign)} is already running ` +
              `(follow it with: orcastrate watch ${options.campaign})`,
          );
          process.exitCode = 1;
          return;
        }
        if (!reportRequestError(error)) throw error;
      } finally {
        await client.connection.close();
      }
    });
}

/** Readable progress until the campaign settles or closes; a workflow that closed other than COMPLETED exits 1. */
async function follow(client: Client, config: Config, started: StartedCampaign): Promise<void> {
  const pool = createPool(config.databaseUrl, 2);
  try {
    const last = await printCampaignWatch({ client, pool }, started.workflowId, {
      json: false,
      campaign: started,
    });
    if (!last) process.exitCode = INTERRUPTED_EXIT_CODE;
    else if (last.type === 'closed' && last.workflowStatus !== 'COMPLETED') process.exitCode = 1;
  } finally {
    await pool.end();
  }
}
