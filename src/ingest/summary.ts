import { BAD_ROW_CODES, type BadRowCode, type IngestResult } from './ingest-rows';

export interface IngestSummary {
  goodRows: number;
  badRows: number;
  badRowsByCode: Record<BadRowCode, number>;
}

/** Counts results as they stream past, so a caller can forward rows and still report totals. */
export class IngestTally {
  private goodRows = 0;
  private readonly badRowsByCode = Object.fromEntries(BAD_ROW_CODES.map((code) => [code, 0])) as Record<
    BadRowCode,
    number
  >;

  add(result: IngestResult): void {
    if (result.kind === 'job') this.goodRows++;
    else this.badRowsByCode[result.code]++;
  }

  summary(): IngestSummary {
    const badRowsByCode = { ...this.badRowsByCode };
    const badRows = Object.values(badRowsByCode).reduce((sum, count) => sum + count, 0);
    return { goodRows: this.goodRows, badRows, badRowsByCode };
  }
}

export function summarize(results: Iterable<IngestResult>): IngestSummary {
  const tally = new IngestTally();
  for (const result of results) tally.add(result);
  return tally.summary();
}
