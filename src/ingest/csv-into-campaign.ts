import * as path from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { describeInputIssues } from '../campaign/input-problems';
import {
  claimCampaign,
  describeDatabaseError,
  ingestCounts,
  isDataError,
  recordSource,
  RowRefusedError,
  withTransaction,
  type IngestCounts,
  type RecordedSource,
} from '../db';
import { CsvRecordTooLongError } from './csv-records';
import { CsvSource, CsvSourceError, describePath } from './csv-source';
import { ingestOptionChanges, ingestOptionsFingerprint, type IngestOptionsFingerprint } from './fingerprint';
import { IngestHeaderError } from './ingest-rows';
import { IngestInputError } from './input-error';
import { IngestOptionsSchema, resolveIngestOptions, type IngestOptionsInput } from './options';
import { checkedStepRows, refuseOtherSteps } from './pipeline-steps';
import { storeRows } from './store-rows';

export interface IngestCsvOptions {
  /** Called as the CSV is read and stored (after each chunk) with the number of data rows read so far. */
  onProgress?: (rows: number) => void;
  /** `campaigns.settings` if this ingest stores the campaign's rows; default `{ csvPath, ingest }`. */
  settings?: unknown;
  /** A pipeline's `steps` (campaign input; checked again here): a job per step of each structure. */
  steps?: unknown;
}

export interface IngestOutcome extends IngestCounts {
  /** Of the CSV's bytes. */
  sha256: string;
  /** Data rows of the CSV (jobs plus bad rows). */
  rows: number;
  /** The campaign already held this CSV with these options: only its checksum was read, nothing stored. */
  alreadyIngested: boolean;
}

/**
 * Streams a CSV into the campaign's jobs and ingest_errors, creating the campaign row, all in one
 * transaction: a refused ingest leaves no row behind. A campaign takes one CSV: the same bytes
 * again are a no-op, different ones are refused. Input problems throw `IngestInputError`; others
 * (a lost connection, a serialization failure) are thrown as they are, worth retrying.
 */
export async function ingestCampaignCsv(
  pool: Pool,
  campaignId: string,
  csvPath: string,
  options: IngestOptionsInput | undefined,
  { onProgress = () => undefined, settings, steps: rawSteps }: IngestCsvOptions = {},
): Promise<IngestOutcome> {
  const parsed = IngestOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const problems = describeInputIssues(IngestOptionsSchema, parsed.error.issues).join('; ');
    throw new IngestInputError(`campaign ${campaignId}: invalid ingest options: ${problems}`);
  }
  const steps = checkedStepRows(campaignId, rawSteps);
  const ingestOptions = options ?? {};
  const fingerprint = ingestOptionsFingerprint(resolveIngestOptions(ingestOptions));
  const campaignSettings = settings ?? { csvPath, ingest: options };
  const source = await CsvSource.open(csvPath).catch((error: unknown) => {
    throw translateError(campaignId, csvPath, error);
  });
  try {
    return await withTransaction(pool, async (client) => {
      const claim = await claimCampaign(client, campaignId, campaignSettings);
      // nothing was written: committing this transaction only releases the campaign's lock
      if (claim.source) {
        await refuseOtherSteps(client, campaignId, steps);
        return alreadyHeld(client, campaignId, source, claim.source, fingerprint);
      }
      if (claim.jobs + claim.bad > 0) {
        throw new IngestInputError(
          `campaign ${campaignId} already has ${claim.jobs} jobs and ${claim.bad} bad rows from no recorded ` +
            'CSV (attached jobs, or an ingest from before CSV checksums were kept); ' +
            `refusing to add ${describePath(csvPath)}`,
        );
      }
      const stored = await storeRows(client, campaignId, source, ingestOptions, onProgress, steps);
      await recordSource(client, campaignId, campaignSettings, {
        ...stored,
        path: path.resolve(csvPath),
        options: fingerprint,
      });
      const counts = await ingestCounts(client, campaignId);
      return { ...counts, ...stored, alreadyIngested: false };
    });
  } catch (error) {
    throw translateError(campaignId, csvPath, error);
  } finally {
    await source.close().catch(() => undefined);
  }
}

/** The campaign already holds a CSV: the same one (same options) is a no-op, anything else is refused. */
async function alreadyHeld(
  client: PoolClient,
  campaignId: string,
  source: CsvSource,
  recorded: RecordedSource,
  fingerprint: IngestOptionsFingerprint,
): Promise<IngestOutcome> {
  const sha256 = await source.sha256();
  const held =
    `campaign ${campaignId} already holds CSV sha256 ${short(recorded.sha256)} (${recorded.rows} rows` +
    `${recorded.path ? ` from ${JSON.stringify(recorded.path)}` : ''}, ingested ${recorded.ingestedAt.toISOString()})`;
  if (sha256 !== recorded.sha256) {
    const rows = await source.countRows();
    const count = rows === undefined ? 'row count unknown: it does not read as CSV' : `${rows} rows`;
    throw new IngestInputError(
      `${held}; refusing ${describePath(source.path)}, sha256 ${short(sha256)} (${count}): ` +
        'a campaign ingests one CSV, use a new campaign id for other rows',
    );
  }
  const changes = ingestOptionChanges(recorded.options, fingerprint);
  if (changes.length > 0) {
    throw new IngestInputError(
      `${held}; refusing to ingest the same CSV again with other options (${changes.join('; ')}): ` +
        'use a new campaign id to ingest it differently',
    );
  }
  return { ...(await ingestCounts(client, campaignId)), sha256, rows: recorded.rows, alreadyIngested: true };
}

function short(sha256: string): string {
  return `${sha256.slice(0, 12)}…`;
}

/** Input problems become an `IngestInputError` naming the campaign; the rest stay as they are. */
function translateError(campaignId: string, csvPath: string, error: unknown): unknown {
  if (error instanceof IngestInputError) return error;
  if (error instanceof CsvSourceError) {
    const message = `campaign ${campaignId}: cannot read ${error.message}`;
    return error.permanent ? new IngestInputError(message, error) : new Error(message, { cause: error });
  }
  if (error instanceof IngestHeaderError || error instanceof CsvRecordTooLongError) {
    return new IngestInputError(`campaign ${campaignId}: ${describePath(csvPath)}: ${error.message}`, error);
  }
  if (error instanceof RowRefusedError) {
    const row = error.row ? `row ${error.row.rowIndex} (line ${error.row.lineNumber})` : 'a batch of rows';
    return new IngestInputError(
      `campaign ${campaignId}: Postgres refused ${row} of ${describePath(csvPath)}: ` +
        describeDatabaseError(error.databaseError),
      error.databaseError,
    );
  }
  if (isDataError(error)) {
    return new IngestInputError(
      `campaign ${campaignId}: Postgres refused the ingest of ${describePath(csvPath)}: ${describeDatabaseError(error)}`,
      error,
    );
  }
  return error;
}
