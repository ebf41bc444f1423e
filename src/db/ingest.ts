import type { DatabaseError, PoolClient } from 'pg';
import type { IngestedJob } from '../ingest';
import { CopyIn } from './copy-in';
import { COPY_NULL, copyText, copyTextArray } from './copy-text';
import { isDataError } from './errors';
import type { Queryable } from './transaction';

/** The job id of a campaign's row `rowIndex` (CSV rows and active learning's label structures). */
export function jobIdForRow(rowIndex: number): string {
  return `row-${String(rowIndex).padStart(6, '0')}`;
}

export interface IngestCounts {
  good: number;
  bad: number;
  /** Jobs whose structure repeats an earlier row (they are among the `good` ones). */
  duplicates: number;
}

export interface BadRow {
  rowNumber: number;
  lineNumber: number;
  code: string;
  reason: string;
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
): Promise<void> {
  await client.query('SAVEPOINT ingest_batch');
  try {
    if (jobs.length) await insertJobs(client, campaignId, jobs);
    if (bad.length) await insertIngestErrors(client, campaignId, bad);
    await client.query('RELEASE SAVEPOINT ingest_batch');
  } catch (error) {
    if (!isDataError(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT ingest_batch');
    for (const job of jobs) {
      const refused = await probe(client, () => insertJobs(client, campaignId, [job]));
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

const COPY_JOBS = `COPY jobs (campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz,
                             extra, duplicate_of) FROM STDIN`;

/**
 * A batch of new jobs streamed into `jobs` through COPY under a savepoint: Postgres stores rows
 * while the caller prepares the next ones. `close` also stores the batch's bad rows; on a data
 * error it rolls back to the savepoint, so the transaction stays usable (`insertBatch` can then
 * name the row), and throws it.
 */
export class JobCopy {
  private readonly campaignField: string;

  private constructor(
    private readonly client: PoolClient,
    private readonly campaignId: string,
    private readonly copy: CopyIn,
  ) {
    this.campaignField = copyText(campaignId);
  }

  static async open(client: PoolClient, campaignId: string): Promise<JobCopy> {
    await client.query('SAVEPOINT ingest_copy');
    return new JobCopy(client, campaignId, new CopyIn(client, COPY_JOBS));
  }

  /** Postgres refused the COPY: `close` throws why, and jobs added meanwhile are dropped. */
  get refused(): boolean {
    return this.copy.refused;
  }

  /** Queues a job; may return what to await before the next one (the socket is busy). */
  add(job: NewJob): Promise<void> | undefined {
    return this.copy.append(
      `${this.campaignField}\t${jobIdForRow(job.rowIndex)}\t${job.rowIndex}\t` +
        `${copyTextArray(job.elements)}\t${job.natoms}\t${job.charge}\t${job.multiplicity}\t` +
        `${copyText(job.geometryXyz)}\t${copyText(JSON.stringify(job.extras))}\t${job.duplicateOf ?? COPY_NULL}\n`,
    );
  }

  async close(bad: BadRow[]): Promise<void> {
    try {
      await this.copy.end();
      if (bad.length) await insertIngestErrors(this.client, this.campaignId, bad);
      await this.client.query('RELEASE SAVEPOINT ingest_copy');
    } catch (error) {
      if (isDataError(error)) await this.client.query('ROLLBACK TO SAVEPOINT ingest_copy');
      throw error;
    }
  }

  /** Ends a COPY still open when the ingest fails elsewhere, so the transaction can roll back. */
  abort(): Promise<void> {
    return this.copy.abort();
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

/** The columns a new job is made of: an `IngestedJob` is one, so is an active-learning label structure. */
export type NewJob = Pick<
  IngestedJob,
  'rowIndex' | 'natoms' | 'charge' | 'multiplicity' | 'geometryXyz' | 'extras' | 'duplicateOf'
> & { elements: readonly string[] };

/**
 * One statement for the whole batch; each job's id is `jobIdForRow(rowIndex)`. `skipExisting`
 * leaves jobs already stored under those ids as they are (a retried insert), else they are an error.
 */
export async function insertJobs(
  q: Queryable,
  campaignId: string,
  jobs: readonly NewJob[],
  { skipExisting = false }: { skipExisting?: boolean } = {},
): Promise<void> {
  await q.query(
    `INSERT INTO jobs (campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra,
                       duplicate_of)
     SELECT $1, t.job_id, t.row_index, string_to_array(t.elements, ' '), t.natoms, t.charge, t.multiplicity,
            t.geometry_xyz, t.extra::jsonb, t.duplicate_of
     FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::text[],
                 $10::int[])
       AS t(job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra, duplicate_of)` +
      (skipExisting ? ' ON CONFLICT DO NOTHING' : ''),
    [
      campaignId,
      jobs.map((j) => jobIdForRow(j.rowIndex)),
      jobs.map((j) => j.rowIndex),
      jobs.map((j) => j.elements.join(' ')),
      jobs.map((j) => j.natoms),
      jobs.map((j) => j.charge),
      jobs.map((j) => j.multiplicity),
      jobs.map((j) => j.geometryXyz),
      jobs.map((j) => JSON.stringify(j.extras)),
      jobs.map((j) => j.duplicateOf),
    ],
  );
}

export async function insertIngestErrors(q: Queryable, campaignId: string, bad: BadRow[]): Promise<void> {
  await q.query(
    `INSERT INTO ingest_errors (campaign_id, row_number, code, reason)
     SELECT $1, t.row_number, t.code, t.reason FROM unnest($2::int[], $3::text[], $4::text[]) AS t(row_number, code, reason)`,
    [campaignId, bad.map((b) => b.rowNumber), bad.map((b) => b.code), bad.map((b) => b.reason)],
  );
}

export async function ingestCounts(q: Queryable, campaignId: string): Promise<IngestCounts> {
  const { rows } = await q.query<{ good: string; bad: string; duplicates: string }>(
    `SELECT (SELECT count(*) FROM jobs WHERE campaign_id = $1) AS good,
            (SELECT count(*) FROM ingest_errors WHERE campaign_id = $1) AS bad,
            (SELECT count(*) FROM jobs WHERE campaign_id = $1 AND duplicate_of IS NOT NULL) AS duplicates`,
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
