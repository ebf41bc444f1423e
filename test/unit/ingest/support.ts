import { Readable } from 'node:stream';
import { ingestRows, type IngestOptionsInput, type IngestResult } from '../../../src/ingest';

/** Every result ingestRows yields for one CSV text, in order. */
export async function ingest(text: string | Buffer, options?: IngestOptionsInput): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for await (const result of ingestRows(Readable.from([text]), options)) results.push(result);
  return results;
}

export const jobs = (results: IngestResult[]) => results.flatMap((r) => (r.kind === 'job' ? [r.job] : []));
export const bads = (results: IngestResult[]) => results.flatMap((r) => (r.kind === 'bad' ? [r] : []));
