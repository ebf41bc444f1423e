import { createHash } from 'node:crypto';
import type { DatabaseError, PoolClient } from 'pg';
import { insertBatch, isDataError, JobCopy, RowRefusedError, type BadRow, type JobSteps } from '../db';
import type { CsvSource } from './csv-source';
import { ingestRowBatches, type IngestedJob } from './ingest-rows';
import type { IngestOptionsInput } from './options';

/**
 * Bad rows wait in memory for their batch's COPY to end (one statement at a time on a connection),
 * so a batch ends when it holds this many; otherwise one COPY takes the whole file, and Postgres
 * never idles at a batch's end while the next rows are parsed.
 */
const MAX_BAD_ROWS_PER_BATCH = 5000;
/** Rows per `insertBatch` when a refused batch goes through again to find the row. */
const INSERT_BATCH_ROWS = 1000;

interface Batch {
  copy: JobCopy;
  firstRow: number;
  bad: BadRow[];
}

/**
 * Streams the CSV's rows into the campaign: jobs go to Postgres through COPY while the next rows
 * are parsed and checked, a batch of rows per savepoint. Memory holds a chunk of COPY text and the
 * batch's bad rows, never its jobs (a pipeline's `steps` make a job per step of each structure): if Postgres refuses a batch, its rows up to the refusal are read
 * again and inserted with `insertBatch`, which throws `RowRefusedError` naming the row. `onProgress`
 * gets the rows read so far after each chunk of the CSV.
 */
export async function storeRows(
  client: PoolClient,
  campaignId: string,
  source: CsvSource,
  options: IngestOptionsInput,
  onProgress: (rows: number) => void,
  steps?: JobSteps,
): Promise<{ sha256: string; rows: number }> {
  const hash = createHash('sha256');
  let rows = 0;
  let batch: Batch | undefined;
  const closeBatch = async (closing: Batch) => {
    batch = undefined;
    await closing.copy.close(closing.bad).catch(async (error: unknown) => {
      if (!isDataError(error)) throw error;
      await findRefusedRow(client, campaignId, source, options, [closing.firstRow, rows], error, steps);
    });
  };
  try {
    for await (const results of ingestRowBatches(source.chunks(hash), options)) {
      batch ??= { copy: await JobCopy.open(client, campaignId, steps), firstRow: rows, bad: [] };
      for (const result of results) {
        if (result.kind === 'bad') {
          batch.bad.push(result);
        } else {
          const socketBusy = batch.copy.add(result.job);
          if (socketBusy) await socketBusy;
        }
      }
      rows += results.length;
      if (batch.bad.length >= MAX_BAD_ROWS_PER_BATCH || batch.copy.refused) await closeBatch(batch);
      onProgress(rows);
    }
    if (batch) await closeBatch(batch);
    onProgress(rows);
  } catch (error) {
    // the CSV failed with a COPY open: end it, or the connection cannot roll back
    await batch?.copy.abort();
    throw error;
  }
  return { sha256: hash.digest('hex'), rows };
}

/**
 * Reads rows [first, end) again and inserts them with `insertBatch` in the batches an INSERT-only
 * ingest would use, so the row it names is the one that ingest named.
 */
async function findRefusedRow(
  client: PoolClient,
  campaignId: string,
  source: CsvSource,
  options: IngestOptionsInput,
  [first, end]: [number, number],
  refusal: DatabaseError,
  steps: JobSteps,
): Promise<never> {
  let jobs: IngestedJob[] = [];
  let bad: BadRow[] = [];
  let row = 0;
  const insert = async () => {
    if (jobs.length + bad.length > 0) await insertBatch(client, campaignId, jobs, bad, steps);
    [jobs, bad] = [[], []];
  };
  for await (const results of ingestRowBatches(source.chunks(), options)) {
    for (const result of results) {
      if (row >= first && row < end) {
        if (result.kind === 'job') jobs.push(result.job);
        else bad.push(result);
      }
      row += 1;
      if (row % INSERT_BATCH_ROWS === 0) await insert();
    }
    if (row >= end) break;
  }
  await insert();
  throw new RowRefusedError(undefined, refusal);
}
