import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { createCampaignDbActivities } from '../../src/activities/campaign-db';
import type { IngestCounts, NewJob } from '../../src/db';
import type { CampaignSettings } from '../../src/campaign/input';

export const WATER = 'O 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692';

/** A water molecule as the job of CSV row `rowIndex`, for tests that insert jobs directly. */
export function waterJob(rowIndex: number, extras: Record<string, string> = {}): NewJob {
  return {
    rowIndex,
    elements: ['H', 'O'],
    natoms: 3,
    charge: 0,
    multiplicity: 1,
    geometryXyz: `3\n\n${WATER}\n`,
    extras,
    duplicateOf: null,
  };
}
export const AMMONIA = 'N 0 0 0.1\nH 0 0.94 -0.25\nH 0.814 -0.47 -0.25\nH -0.814 -0.47 -0.25';
export const HEADER = 'aligned_csd_core,charge,uhf,note';

const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-adversarial-'));

/** A row of the default layout; the geometry is quoted (it spans lines). */
export function csvRow(geometry: string, charge: string | number, uhf: string | number, note = ''): string {
  return `"${geometry.replace(/"/g, '""')}",${charge},${uhf},${note}`;
}

export function writeCsv(lines: string[], name = `${randomUUID()}.csv`): string {
  const file = path.join(mkdtempSync(path.join(dir, 'csv-')), name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export function newCampaignId(prefix = 'adv'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface StoredCampaign {
  campaign:
    | {
        settings: Record<string, unknown>;
        source_sha256: string | null;
        source_rows: number | null;
        source_path: string | null;
        source_options: Record<string, unknown> | null;
      }
    | undefined;
  jobs: {
    row_index: number;
    charge: number;
    multiplicity: number;
    geometry_xyz: string;
    extra: Record<string, string>;
    duplicate_of: number | null;
  }[];
  errors: { row_number: number; code: string; reason: string }[];
}

/** Everything Postgres holds for one campaign, rows in order. */
export async function stored(pool: Pool, campaignId: string): Promise<StoredCampaign> {
  const [campaigns, jobs, errors] = await Promise.all([
    pool.query<NonNullable<StoredCampaign['campaign']>>(
      'SELECT settings, source_sha256, source_rows, source_path, source_options FROM campaigns WHERE id = $1',
      [campaignId],
    ),
    pool.query<StoredCampaign['jobs'][number]>(
      `SELECT row_index, charge, multiplicity, geometry_xyz, extra, duplicate_of FROM jobs
       WHERE campaign_id = $1 ORDER BY row_index`,
      [campaignId],
    ),
    pool.query<StoredCampaign['errors'][number]>(
      'SELECT row_number, code, reason FROM ingest_errors WHERE campaign_id = $1 ORDER BY row_number',
      [campaignId],
    ),
  ]);
  return { campaign: campaigns.rows[0], jobs: jobs.rows, errors: errors.rows };
}

export const NOTHING_STORED: StoredCampaign = { campaign: undefined, jobs: [], errors: [] };

const quiet = (): void => undefined;

/** An activity context for calling activities directly, without logging their expected failures. */
export function activityEnvironment(): MockActivityEnvironment {
  const logger = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };
  return new MockActivityEnvironment(undefined, { logger });
}

/** Runs the workflow's `ingestCampaign` activity in an activity context, as a worker would. */
export function runIngestActivity(
  pool: Pool,
  campaignId: string,
  settings: CampaignSettings,
): Promise<IngestCounts> {
  const activities = createCampaignDbActivities(pool);
  return activityEnvironment().run((args) => activities.ingestCampaign(args), { campaignId, settings });
}

/** Awaits a promise that must reject with a non-retryable IngestInputError; returns its message. */
export async function ingestInputErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect(error).toMatchObject({ type: 'IngestInputError', nonRetryable: true });
  return (error as Error).message;
}

/** The IngestInputError message of `attempt`, once sure that it stored nothing for the campaign. */
export async function refusalStoringNothing(
  pool: Pool,
  campaignId: string,
  attempt: Promise<unknown>,
): Promise<string> {
  const message = await ingestInputErrorOf(attempt);
  expect(await stored(pool, campaignId)).toEqual(NOTHING_STORED);
  return message;
}
