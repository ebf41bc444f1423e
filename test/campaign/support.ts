import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import type { CampaignInput } from '../../src/campaign/input';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { readHarnessState } from '../harness/state';

export const ORCASIM = path.join(REPO_ROOT, 'bin/orcasim');

const WATER = 'O 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200';
const AMMONIA =
  'N 0.000000 0.000000 0.100000\nH 0.000000 0.940000 -0.250000\nH 0.814000 -0.470000 -0.250000\nH -0.814000 -0.470000 -0.250000';

/** A small architector-style CSV: one row per entry, with a scripted simulator fault (or none). */
export function writeCampaignCsv(faults: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-csv-'));
  const rows = faults.map((fault, i) => `"${i % 2 ? AMMONIA : WATER}",0,0,${fault}`);
  const file = path.join(dir, 'campaign.csv');
  writeFileSync(file, ['aligned_csd_core,charge,uhf,orcasim_fault', ...rows].join('\n') + '\n');
  return file;
}

export function campaignInput(csvPath: string, overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    csvPath,
    ingest: { preset: 'default', keepColumns: ['orcasim_fault'] },
    orca: {
      keywords: '! B3LYP def2-SVP OPT',
      executable: ORCASIM,
      cores: 1,
      memoryMb: 2000,
      walltimeMinutes: 0.1,
    },
    // The simulator's speed comes from the worker's environment (ORCASIM_CYCLE_DELAY_MS).
    scheduler: { kind: 'local', localConcurrency: 4, exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
    recovery: { strategy: 'adaptive', maxAttempts: 3 },
    maxInFlight: 10,
    pollIntervalSeconds: 0.5,
    graceMinutes: 0.05,
    // Tests wait for result(): close once every job is final instead of staying settled for resets.
    closeAfterHours: 0,
    ...overrides,
  };
}

export async function query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new PgClient({ connectionString: readHarnessState().databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A job "program" that prints a finished simulator output at once (or after `sleepSeconds`): many
 * jobs cost the machine little.
 */
export function instantOrca(sleepSeconds = 0): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-instant-'));
  writeFileSync(path.join(dir, 'job.inp'), `! B3LYP def2-SVP OPT\n* xyz 0 1\n${WATER}\n*\n`);
  const output = execFileSync(ORCASIM, ['job.inp'], { cwd: dir, encoding: 'utf8' });
  writeFileSync(path.join(dir, 'instant.out'), output);
  const file = path.join(dir, 'instant-orca.sh');
  const wait = sleepSeconds > 0 ? `sleep ${sleepSeconds}` : ':';
  writeFileSync(file, `#!/bin/sh\n${wait}\ncat '${path.join(dir, 'instant.out')}'\n`, { mode: 0o755 });
  return file;
}
