import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { SchedulerRegistry } from '../../src/activities/deps';
import { createPollerActivities } from '../../src/activities/poller';
import { upsertCampaign } from '../../src/db';
import { jobName, SlurmAdapter } from '../../src/schedulers';
import type { Options } from './options';
import { fmt, heading, log } from './report';
import type { Stack } from './stack';
import { ingestWaterJobs } from './water-jobs';

const run = promisify(execFile);

export interface LoadResult {
  inFlight: number;
  spawnsPerPoll: number;
  pollMs: number;
  submitSeconds: number;
}

/** Real SLURM jobs in flight; one real poll (our poller activity) counted in process spawns. */
export async function schedulerLoad(stack: Stack, counts: number[]): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  const slurm = new SlurmAdapter();
  for (const inFlight of counts) {
    const campaignId = `load-${inFlight}-${randomUUID().slice(0, 6)}`;
    const root = path.join(stack.workDir, campaignId);
    mkdirSync(root, { recursive: true });
    await upsertCampaign(stack.pool, campaignId, {});
    await ingestWaterJobs(stack.pool, campaignId, inFlight, stack.workDir);
    const submitStarted = Date.now();
    const ids: string[] = [];
    const lanes = 8;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < inFlight) {
          const row = next++;
          const jobId = `row-${String(row).padStart(6, '0')}`;
          const name = jobName({ campaign: campaignId, job: jobId, attempt: 1 });
          const { schedulerId } = await slurm.submit({
            name,
            campaignRoot: root,
            workingDir: jobId,
            cores: 1,
            memoryMb: 100,
            walltimeSeconds: 600,
            command: ['/bin/sleep', '600'],
            outputFile: 'job.out',
            attempt: 1,
          });
          ids.push(schedulerId);
          await stack.pool.query(
            `INSERT INTO attempts (campaign_id, job_id, attempt, job_name, job_dir, scheduler, scheduler_id, status, resources)
             VALUES ($1, $2, 1, $3, $4, 'slurm', $5, 'submitted', '{}')`,
            [campaignId, jobId, name, path.join(root, jobId), schedulerId],
          );
        }
      }),
    );
    const submitSeconds = (Date.now() - submitStarted) / 1000;
    const registry = new SchedulerRegistry(root);
    const adapter = registry.get({
      kind: 'slurm',
      localConcurrency: 1,
      exportEnv: [],
      exportModuleEnv: false,
    }) as SlurmAdapter;
    const poller = createPollerActivities(stack.pool, stack.client, registry);
    const polls = 3;
    const before = adapter.runner.spawnCount;
    const pollStarted = Date.now();
    for (let i = 0; i < polls; i++) {
      await poller.pollCampaign({
        campaignId,
        scheduler: { kind: 'slurm', localConcurrency: 1, exportEnv: [], exportModuleEnv: false },
      });
    }
    const pollMs = (Date.now() - pollStarted) / polls;
    const spawnsPerPoll = (adapter.runner.spawnCount - before) / polls;
    for (let i = 0; i < ids.length; i += 200) {
      await run('scancel', ids.slice(i, i + 200)).catch(() => undefined);
    }
    results.push({ inFlight, spawnsPerPoll, pollMs, submitSeconds });
    log(`scheduler load: ${inFlight} in flight -> ${spawnsPerPoll} spawns per poll (${fmt(pollMs, 0)} ms)`);
  }
  return results;
}

/** Section 3: scheduler commands one poll costs, per number of jobs in flight. */
export async function schedulerLoadSection(stack: Stack, options: Options): Promise<string[]> {
  const lines = heading('3. Scheduler load: commands per poll (real SLURM, our poller activity)');
  lines.push(
    'Jobs (`sleep 600`) submitted to the local SLURM and recorded as in flight; three polls of the real',
    '`pollCampaign` activity; spawns counted by `CommandRunner.spawnCount`.',
    '',
    '| jobs in flight | scheduler commands per poll | poll wall time |',
    '| ---: | ---: | ---: |',
  );
  for (const r of await schedulerLoad(stack, options.load)) {
    lines.push(`| ${r.inFlight} | **${r.spawnsPerPoll}** | ${fmt(r.pollMs, 0)} ms |`);
  }
  return lines;
}
