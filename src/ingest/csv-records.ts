/**
 * Streaming RFC-4180 CSV reader: quoted fields may hold commas, doubled quotes and line breaks;
 * records end with LF, CRLF or a lone CR; a leading UTF-8 BOM is dropped. Memory use is bounded by
 * one input chunk plus one record (capped by `maxRecordChars`).
 *
 * Deliberately lenient where RFC 4180 is strict, so one sloppy row cannot stop a whole file:
 * a quote inside an unquoted field, or text after a closing quote, is kept literally.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line on which the record starts. */
  line: number;
  /** The input ended inside a quoted field; the last field holds everything up to the end. */
  unterminatedQuote: boolean;
}

export class CsvRecordTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly maxRecordChars: number,
  ) {
    super(
      `CSV record starting at line ${line} is longer than ${maxRecordChars} characters ` +
        '(an unbalanced quote swallowing the rest of the file?)',
    );
    this.name = 'CsvRecordTooLongError';
  }
}

export const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Just saw a quote inside a quoted field: either an escaped quote or the closing one. */
  QuoteInQuoted,
}

const COMMA = 44;
const LF = 10;
const CR = 13;

export class CsvRecordParser {
  private state = State.FieldStart;
  private fields: string[] = [];
  private fieldParts: string[] = [];
  private recordChars = 0;
  private recordUsedQuotes = false;
  private line = 1;
  private recordLine = 1;
  private skipLineFeed = false;
  private atStart = true;

  constructor(private readonly maxRecordChars = DEFAULT_MAX_RECORD_CHARS) {}

  /** Feeds the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[] {
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: CsvRecord[] = [];
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.skipLineFeed) {
        this.skipLineFeed = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case State.Quoted: {
          const quote = text.indexOf('"', i);
          const end = quote === -1 ? n : quote;
          this.appendQuotedText(text, i, end);
          if (quote === -1) return out;
          this.state = State.QuoteInQuoted;
          i = quote + 1;
          break;
        }
        case State.QuoteInQuoted:
          if (text.charCodeAt(i) === 34) {
            this.append('"');
            this.state = State.Quoted;
            i++;
          } else {
            this.state = State.Unquoted;
          }
          break;
        case State.FieldStart:
          if (text.charCodeAt(i) === 34) {
            this.state = State.Quoted;
            this.recordUsedQuotes = true;
            i++;
            break;
          }
          this.state = State.Unquoted;
          break;
        case State.Unquoted: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = text.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          if (j > i) this.append(text.slice(i, j));
          if (j === n) return out;
          this.endField();
          i = j + 1;
          if (c === COMMA) {
            this.state = State.FieldStart;
          } else {
            this.line++;
            this.skipLineFeed = c === CR;
            const record = this.endRecord(false);
            if (record) out.push(record);
          }
          break;
        }
      }
    }
    return out;
  }

  /** Signals the end of input; returns the last record if the input did not end with a line break. */
  end(): CsvRecord[] {
    const started = this.fields.length > 0 || this.fieldParts.length > 0 || this.state !== State.FieldStart;
    if (!started) return [];
    const unterminated = this.state === State.Quoted;
    this.endField();
    const record = this.endRecord(unterminated);
    return record ? [record] : [];
  }

  private appendQuotedText(text: string, start: number, end: number): void {
    if (end <= start) return;
    const piece = text.slice(start, end);
    for (let k = piece.indexOf('\n'); k !== -1; k = piece.indexOf('\n', k + 1)) this.line++;
    this.append(piece);
  }

  private append(piece: string): void {
    this.recordChars += piece.length;
    if (this.recordChars > this.maxRecordChars) {
      throw new CsvRecordTooLongError(this.recordLine, this.maxRecordChars);
    }
    this.fieldParts.push(piece);
  }

  private endField(): void {
    this.fields.push(this.fieldParts.length === 1 ? this.fieldParts[0]! : this.fieldParts.join(''));
    this.fieldParts = [];
  }

  private endRecord(unterminatedQuote: boolean): CsvRecord | undefined {
    const fields = this.fields;
    const blankLine = fields.length === 1 && fields[0] === '' && !this.recordUsedQuotes;
    const record = blankLine ? undefined : { fields, line: this.recordLine, unterminatedQuote };
    this.fields = [];
    this.state = State.FieldStart;
    this.recordChars = 0;
    this.recordUsedQuotes = false;
    this.recordLine = this.line;
    return record;
  }
}

/** Reads CSV records from a byte or text stream (e.g. a `Readable`), one chunk at a time. */
export async function* readCsvRecords(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  maxRecordChars = DEFAULT_MAX_RECORD_CHARS,
): AsyncGenerator<CsvRecord> {
  for await (const records of readCsvRecordBatches(source, maxRecordChars)) yield* records;
}

/** `readCsvRecords`, the records each chunk completes at once (never an empty batch). */
export async function* readCsvRecordBatches(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  maxRecordChars = DEFAULT_MAX_RECORD_CHARS,
): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvRecordParser(maxRecordChars);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const records = parser.push(text);
    if (records.length > 0) yield records;
  }
  const rest = decoder.decode();
  const records = [...(rest ? parser.push(rest) : []), ...parser.end()];
  if (records.length > 0) yield records;
}
