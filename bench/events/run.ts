/**
 * `npm run bench:events [-- --before-bundle FILE]`: campaign history events per poll cycle and per
 * job, and the time to start a first window of 200 job workflows, for the workflow bundle of an
 * earlier release (`before`, default: ../main/dist/workflow-bundle.js, main's build) and this checkout's
 * (`after`), on one private dev server in one run; writes bench/RESULTS-campaign-events.md.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NativeConnection, Worker, DefaultLogger, Runtime } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createActivities } from '../../src/activities';
import type { CampaignInput } from '../../src/campaign/input';
import { loadConfig } from '../../src/config';
import { dropDatabase, ensureDatabase, migrate } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import { PrivateDevServer } from '../../test/harness/processes';
import { sleep } from '../suite/measure';
import { linkBinAndCli, WORKFLOW_BUNDLE } from '../suite/repo-paths';
import { campaignSettings, ingestWaterJobs, instantExecutable } from '../suite/water-jobs';

interface Figures {
  eventsPerPollCycle: number;
  eventsPerJob: number;
  firstWindowSeconds: number;
  firstWindowShardedSeconds?: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const beforeIndex = args.indexOf('--before-bundle');
  const beforeBundle =
    beforeIndex >= 0 ? args[beforeIndex + 1]! : path.resolve('../main/dist/workflow-bundle.js');
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  linkBinAndCli();
  const workDir = mkdtempSync(path.join(tmpdir(), 'orcastrate-bench-events-'));
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/orcastrate_bench_events_${Date.now().toString(36)}`;
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl);
  const server = await PrivateDevServer.create('events');
  const connection = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const results: Record<string, Figures> = {};
  try {
    for (const [variant, bundle] of [
      ['before', beforeBundle],
      ['after', WORKFLOW_BUNDLE],
    ] as const) {
      const taskQueue = `events-${variant}-${randomUUID().slice(0, 6)}`;
      const config = loadConfig({
        TEMPORAL_ADDRESS: server.address,
        DATABASE_URL: databaseUrl,
        ORCASTRATE_TASK_QUEUE: taskQueue,
        ORCASTRATE_DATA_ROOT: path.join(workDir, `data-${variant}`),
      });
      const worker = await Worker.create({
        connection,
        taskQueue,
        workflowBundle: { codePath: bundle },
        activities: createActivities({ pool, config, client }),
      });
      const running = worker.run();
      try {
        const campaign = async (jobs: number, sleepSeconds: number, extra: Partial<CampaignInput>) => {
          const campaignId = `ev-${variant}-${randomUUID().slice(0, 6)}`;
          await ingestWaterJobs(pool, campaignId, jobs, workDir);
          const executable = instantExecutable(path.join(workDir, campaignId), sleepSeconds);
          const settings = campaignSettings(campaignId, executable, {
            scheduler: { kind: 'local', localConcurrency: 256 },
            ...extra,
          });
          const handle = await client.workflow.start('campaign', {
            taskQueue,
            workflowId: campaignId,
            args: [settings],
          });
          return { campaignId, handle };
        };
        const inFlight = async (handle: { query: (name: string) => Promise<unknown> }) =>
          ((await handle.query('status')) as { inFlight: number }).inFlight;
        const runningJobs = async (campaignId: string) =>
          Number(
            (
              await pool.query<{ n: string }>(
                "SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status = 'running'",
                [campaignId],
              )
            ).rows[0]!.n,
          );

        // 1. Poll cycles with 30 jobs running and none finishing (poll 1 s).
        const steady = await campaign(30, 120, { maxInFlight: 30, pollIntervalSeconds: 1 });
        while ((await runningJobs(steady.campaignId)) < 30) await sleep(500);
        await sleep(3_000);
        const h0 = (await steady.handle.describe()).historyLength;
        await sleep(15_000);
        const h1 = (await steady.handle.describe()).historyLength;
        await steady.handle.terminate('bench');
        const eventsPerPollCycle = (h1 - h0) / 15;
        console.log(`[events] ${variant}: ${eventsPerPollCycle} events per 1 s poll cycle`);

        // 2. Campaign events per job: 60 instant jobs, window 20, a poll interval long enough to ignore.
        const perJob = await campaign(60, 0, {
          maxInFlight: 20,
          pollIntervalSeconds: 600,
          continueAsNewAfterJobs: 1000,
        });
        await perJob.handle.result();
        const eventsPerJob = (await perJob.handle.describe()).historyLength / 60;
        console.log(`[events] ${variant}: ${eventsPerJob} campaign events per job`);

        // 3. Time to start a first window of 200 job workflows.
        const first = async (extra: Partial<CampaignInput>) => {
          const began = Date.now();
          const window = await campaign(200, 300, { maxInFlight: 200, pollIntervalSeconds: 30, ...extra });
          for (;;) {
            const n =
              extra.maxInFlightPerWorkflow === undefined
                ? await inFlight(window.handle)
                : Number(
                    (
                      await pool.query<{ n: string }>(
                        "SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status <> 'ready'",
                        [window.campaignId],
                      )
                    ).rows[0]!.n,
                  );
            if (n >= 200) break;
            await sleep(250);
          }
          const seconds = (Date.now() - began) / 1000;
          await window.handle.terminate('bench');
          return seconds;
        };
        const firstWindowSeconds = await first({});
        console.log(`[events] ${variant}: first window of 200 in ${firstWindowSeconds} s`);
        const figures: Figures = { eventsPerPollCycle, eventsPerJob, firstWindowSeconds };
        if (variant === 'after') {
          figures.firstWindowShardedSeconds = await first({ maxInFlightPerWorkflow: 50 });
          console.log(
            `[events] after, 4 shards: first window of 200 in ${figures.firstWindowShardedSeconds} s`,
          );
        }
        results[variant] = figures;
      } finally {
        worker.shutdown();
        await running;
      }
    }
  } finally {
    await client.connection.close();
    await connection.close();
    await server.stop();
    await pool.end();
    await dropDatabase(databaseUrl).catch(() => undefined);
  }
  writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
