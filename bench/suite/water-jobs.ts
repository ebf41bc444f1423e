import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Pool } from 'pg';

import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import type { CampaignInput } from '../../src/campaign/input';
import { upsertCampaign } from '../../src/db';
import { ORCASIM } from './repo-paths';

export const WATER =
  'O 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200';

/** A job "program" that prints a complete ORCA-like output at once (no Node start-up). */
export function instantExecutable(dir: string, sleepSeconds = 0): string {
  const sample = path.join(dir, 'sample');
  mkdirSync(sample, { recursive: true });
  writeFileSync(path.join(sample, 'job.inp'), `! B3LYP def2-SVP OPT\n* xyz 0 1\n${WATER}\n*\n`);
  const output = execFileSync(ORCASIM, ['job.inp'], { cwd: sample, encoding: 'utf8' });
  writeFileSync(path.join(dir, 'instant.out'), output);
  const file = path.join(dir, `instant-orca-${sleepSeconds}.sh`);
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      sleepSeconds > 0 ? `sleep ${sleepSeconds}` : ':',
      `cat "${path.join(dir, 'instant.out')}"`,
      // the instant this job ended, for the latency measurement
      'date +%s%N >ended-at-ns',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

export async function ingestWaterJobs(
  pool: Pool,
  campaignId: string,
  jobs: number,
  dir: string,
): Promise<void> {
  const csv = path.join(dir, `${campaignId}.csv`);
  const rows = Array.from({ length: jobs }, () => `"${WATER}",0,0`);
  writeFileSync(csv, ['aligned_csd_core,charge,uhf', ...rows].join('\n') + '\n');
  await upsertCampaign(pool, campaignId, {});
  await ingestCsvIntoCampaign(pool, campaignId, csv, { preset: 'default', keepColumns: [] });
}

export function campaignSettings(campaignId: string, executable: string, extra: Partial<CampaignInput> = {}) {
  const input: CampaignInput = {
    campaignId,
    orca: { keywords: '! B3LYP def2-SVP OPT', executable, cores: 1, memoryMb: 500, walltimeMinutes: 30 },
    scheduler: { kind: 'local', localConcurrency: 32 },
    recovery: { strategy: 'adaptive', maxAttempts: 2 },
    maxInFlight: 200,
    pollIntervalSeconds: 1,
    graceMinutes: 1,
    closeAfterHours: 0,
    ...extra,
  };
  return input;
}
