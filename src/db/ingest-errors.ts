import type { Queryable } from './transaction';

/** A CSV row the ingest refused, and why. */
export interface BadRow {
  rowNumber: number;
  lineNumber: number;
  code: string;
  reason: string;
}

export async function insertIngestErrors(q: Queryable, campaignId: string, bad: BadRow[]): Promise<void> {
  await q.query(
    `INSERT INTO ingest_errors (campaign_id, row_number, code, reason)
     SELECT $1, t.row_number, t.code, t.reason FROM unnest($2::int[], $3::text[], $4::text[]) AS t(row_number, code, reason)`,
    [campaignId, bad.map((b) => b.rowNumber), bad.map((b) => b.code), bad.map((b) => b.reason)],
  );
}
