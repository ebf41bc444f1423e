import type { DatabaseError, PoolClient } from 'pg';
import type { IngestedJob } from '../ingest';
import { insertIngestErrors, type BadRow } from './ingest-errors';
import { insertJobs, type JobSteps } from './job-rows';
import { isDataError } from './errors';
import type { Queryable } from './transaction';

export interface IngestCounts {
  good: number;
  bad: number;
  /** Jobs whose structure repeats an earlier row (they are among the `good` ones). */
  duplicates: number;
}

/** The CSV a campaign's jobs came from, as stored by `recordSource`. */
export interface RecordedSource {
  sha256: string;
  rows: number;
  path: string | null;
  options: unknown;
  ingestedAt: Date;
}

export interface CampaignClaim {
  source: RecordedSource | undefined;
  jobs: number;
  bad: number;
}

/** A data error Postgres raised for one row (`row` undefined if no single row reproduces it). */
export class RowRefusedError extends Error {
  constructor(
    readonly row: { rowIndex: number; lineNumber: number } | undefined,
    readonly databaseError: DatabaseError,
  ) {
    super(databaseError.message, { cause: databaseError });
    this.name = 'RowRefusedError';
  }
}

interface SourceRow {
  source_sha256: string | null;
  source_rows: number | null;
  source_path: string | null;
  source_options: unknown;
  source_ingested_at: Date | null;
}

/**
 * Inside a transaction: creates the campaign row if it is missing and locks it, so two ingests of
 * one campaign run one after the other and the second sees what the first stored.
 */
export async function claimCampaign(
  client: PoolClient,
  campaignId: string,
  settings: unknown,
): Promise<CampaignClaim> {
  await client.query('INSERT INTO campaigns (id, settings) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [
    campaignId,
    JSON.stringify(settings),
  ]);
  const { rows } = await client.query<SourceRow>(
    `SELECT source_sha256, source_rows, source_path, source_options, source_ingested_at
     FROM campaigns WHERE id = $1 FOR UPDATE`,
    [campaignId],
  );
  const row = rows[0]!;
  const source =
    row.source_sha256 === null
      ? undefined
      : {
          sha256: row.source_sha256,
          rows: row.source_rows!,
          path: row.source_path,
          options: row.source_options,
          ingestedAt: row.source_ingested_at!,
        };
  const counts = await ingestCounts(client, campaignId);
  return { source, jobs: counts.good, bad: counts.bad };
}

/** Stores the campaign's settings and the CSV its jobs came from. */
export async function recordSource(
  client: PoolClient,
  campaignId: string,
  settings: unknown,
  source: Omit<RecordedSource, 'ingestedAt'>,
): Promise<void> {
  await client.query(
    `UPDATE campaigns SET settings = $2, source_sha256 = $3, source_rows = $4, source_path = $5,
            source_options = $6, source_ingested_at = now(), updated_at = now()
     WHERE id = $1`,
    [
      campaignId,
      JSON.stringify(settings),
      source.sha256,
      source.rows,
      source.path,
      JSON.stringify(source.options),
    ],
  );
}

/**
 * Inserts one batch under a savepoint. On a data error it finds the first row that Postgres refuses
 * on its own and throws `RowRefusedError` naming it; the transaction stays usable for a rollback.
 */
export async function insertBatch(
  client: PoolClient,
  campaignId: string,
  jobs: IngestedJob[],
  bad: BadRow[],
  steps?: JobSteps,
): Promise<void> {
  await client.query('SAVEPOINT ingest_batch');
  try {
    if (jobs.length) await insertJobs(client, campaignId, jobs, { steps });
    if (bad.length) await insertIngestErrors(client, campaignId, bad);
    await client.query('RELEASE SAVEPOINT ingest_batch');
  } catch (error) {
    if (!isDataError(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT ingest_batch');
    for (const job of jobs) {
      const refused = await probe(client, () => insertJobs(client, campaignId, [job], { steps }));
      if (refused) throw new RowRefusedError({ rowIndex: job.rowIndex, lineNumber: job.lineNumber }, refused);
    }
    for (const row of bad) {
      const refused = await probe(client, () => insertIngestErrors(client, campaignId, [row]));
      if (refused)
        throw new RowRefusedError({ rowIndex: row.rowNumber, lineNumber: row.lineNumber }, refused);
    }
    throw new RowRefusedError(undefined, error);
  }
}

/** Runs `insert` and undoes it; returns the data error it raised, if any. */
async function probe(client: PoolClient, insert: () => Promise<void>): Promise<DatabaseError | undefined> {
  await client.query('SAVEPOINT ingest_probe');
  try {
    await insert();
    return undefined;
  } catch (error) {
    if (!isDataError(error)) throw error;
    return error;
  } finally {
    await client.query('ROLLBACK TO SAVEPOINT ingest_probe');
  }
}

export async function ingestCounts(q: Queryable, campaignId: string): Promise<IngestCounts> {
  const { rows } = await q.query<{ good: string; bad: string; duplicates: string }>(
    // a structure's first step stands for it (pipelines have a row per step)
    `SELECT (SELECT count(*) FROM jobs WHERE campaign_id = $1 AND step_index = 0) AS good,
            (SELECT count(*) FROM ingest_errors WHERE campaign_id = $1) AS bad,
            (SELECT count(*) FROM jobs WHERE campaign_id = $1 AND step_index = 0 AND duplicate_of IS NOT NULL)
              AS duplicates`,
    [campaignId],
  );
  const row = rows[0]!;
  return { good: Number(row.good), bad: Number(row.bad), duplicates: Number(row.duplicates) };
}

export interface IngestError {
  code: string;
  reason: string;
}

/** The campaign's bad rows, in CSV order. */
export async function ingestErrors(q: Queryable, campaignId: string): Promise<IngestError[]> {
  const { rows } = await q.query<IngestError>(
    'SELECT code, reason FROM ingest_errors WHERE campaign_id = $1 ORDER BY row_number',
    [campaignId],
  );
  return rows.map((r) => ({ code: r.code, reason: r.reason }));
}
