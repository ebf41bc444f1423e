import { readCsvRecordBatches, type CsvRecord } from './csv-records';
import { DuplicateIndex } from './duplicates';
import type { ElementSymbol } from './elements';
import { readAtomLines } from './atom-lines';
import type { GeometryFormat } from './geometry';
import { hillSummary } from './hill';
import { readOrcaOverrides, type OrcaOverrideColumns } from './orca-override-cells';
import { resolveIngestOptions, type IngestOptionsInput, type ResolvedIngestOptions } from './options';
import { parseIntegerCell, spinStateProblem } from './spin-state';
import { int32Problem, unstorableText } from './storable';

export interface IngestedJob {
  /** 0-based index of the data row (header and blank lines not counted). */
  rowIndex: number;
  /** 1-based line of the file on which the row starts (the header is line 1). */
  lineNumber: number;
  /** Distinct elements in Hill order (C, H, then alphabetical). */
  elements: ElementSymbol[];
  /** Hill formula, e.g. `C2H6O`. */
  formula: string;
  natoms: number;
  charge: number;
  multiplicity: number;
  unpairedElectrons: number;
  electrons: number;
  /** How the geometry was written in the CSV. */
  sourceGeometryFormat: GeometryFormat;
  /** Standard XYZ text (count line, comment line, `El x y z` lines in Ångström). */
  geometryXyz: string;
  /** The requested `keepColumns` that exist in the header, verbatim. */
  extras: Record<string, string>;
  /** The row's ORCA keywords and `%` blocks, from the columns the ingest settings name. */
  orcaKeywords?: string;
  orcaBlocks?: string;
  /** `rowIndex` of the first earlier row with the same structure (see `DuplicateIndex`), else null. */
  duplicateOf: number | null;
}

export const BAD_ROW_CODES = [
  'malformed-record',
  'bad-character',
  'missing-value',
  'bad-geometry',
  'unknown-element',
  'bad-charge',
  'bad-spin',
  'impossible-spin-state',
  'bad-orca-keywords',
  'bad-orca-blocks',
] as const;
export type BadRowCode = (typeof BAD_ROW_CODES)[number];

export type IngestResult =
  | { kind: 'job'; job: IngestedJob }
  | {
      kind: 'bad';
      /** 0-based data row index, the same numbering as `job.rowIndex`. */
      rowNumber: number;
      lineNumber: number;
      code: BadRowCode;
      /** Human-readable, starting with the row and line, e.g. `row 7 (line 9): unknown element "Xx"`. */
      reason: string;
    };

/** A problem with the header: raised before any row is yielded. */
export class IngestHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestHeaderError';
  }
}

interface ColumnIndexes {
  names: string[];
  width: number;
  geometry: number;
  charge: number;
  spin: number;
  keep: [name: string, index: number][];
  orca: OrcaOverrideColumns;
}

/**
 * Streams an Architector-style CSV into validated job rows. Bad rows are yielded as `bad` results
 * and never stop the good ones; header problems throw `IngestHeaderError` before the first row.
 */
export async function* ingestRows(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: IngestOptionsInput = {},
): AsyncGenerator<IngestResult> {
  for await (const results of ingestRowBatches(source, options)) yield* results;
}

/** `ingestRows`, a batch per chunk of the source: less overhead per row for a long file. */
export async function* ingestRowBatches(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: IngestOptionsInput = {},
): AsyncGenerator<IngestResult[]> {
  const resolved = resolveIngestOptions(options);
  let columns: ColumnIndexes | undefined;
  let rowIndex = 0;
  const duplicates = new DuplicateIndex();
  for await (const records of readCsvRecordBatches(source, resolved.maxRecordChars)) {
    const results: IngestResult[] = [];
    for (const record of records) {
      if (!columns) {
        columns = locateColumns(record, resolved);
        continue;
      }
      const result = validateRow(record, rowIndex++, columns, resolved);
      // A duplicate still becomes a job, only flagged: replicas can be meant (a reproducibility check,
      // rows that differ only in kept columns such as a scripted fault), and every row stays exactly
      // one job or one bad row under its own row-based job id.
      if (result.kind === 'job') {
        result.job.duplicateOf = duplicates.earlierRowOf(result.job.rowIndex, result.job) ?? null;
      }
      results.push(result);
    }
    if (results.length > 0) yield results;
  }
  if (!columns) throw new IngestHeaderError('the CSV is empty: no header row');
}

function locateColumns(header: CsvRecord, options: ResolvedIngestOptions): ColumnIndexes {
  const names = header.fields.map((name) => name.trim());
  for (const [index, name] of names.entries()) {
    const problem = unstorableText(name);
    // e.g. a UTF-16 file, every other byte NUL: no column name would match, so say why
    if (problem) {
      throw new IngestHeaderError(
        `the CSV header's column ${index + 1} holds ${problem}: is the file UTF-8 text (not UTF-16 or binary)?`,
      );
    }
  }
  const find = (role: string, name: string): number => {
    const matches = names.flatMap((candidate, index) => (candidate === name ? [index] : []));
    if (matches.length === 0) {
      throw new IngestHeaderError(
        `the CSV header has no ${role} column "${name}" (columns: ${names.map((n) => `"${n}"`).join(', ')})`,
      );
    }
    if (matches.length > 1)
      throw new IngestHeaderError(`the CSV header has ${matches.length} columns named "${name}"`);
    return matches[0]!;
  };
  const spinRole = options.spinKind === 'uhf' ? 'unpaired-electron (uhf)' : 'multiplicity';
  const override = (role: string, name: string | undefined) =>
    name === undefined ? {} : { [role]: { name, index: find(`ORCA ${role}`, name) } };
  return {
    names,
    width: names.length,
    geometry: find('geometry', options.geometryColumn),
    charge: find('charge', options.chargeColumn),
    spin: find(spinRole, options.spinColumn),
    keep: options.keepColumns.flatMap((name) => {
      const index = names.indexOf(name);
      return index === -1 ? [] : [[name, index] as [string, number]];
    }),
    orca: {
      ...override('keywords', options.orcaKeywordsColumn),
      ...override('blocks', options.orcaBlocksColumn),
    },
  };
}

function validateRow(
  record: CsvRecord,
  rowIndex: number,
  columns: ColumnIndexes,
  options: ResolvedIngestOptions,
): IngestResult {
  const fail = (code: BadRowCode, detail: string): IngestResult => badRow(record, rowIndex, code, detail);
  const { fields } = record;
  if (record.unterminatedQuote) return fail('malformed-record', 'a quoted field is never closed');
  if (fields.length !== columns.width) {
    return fail(
      'malformed-record',
      `expected ${columns.width} fields like the header, found ${fields.length}`,
    );
  }
  // checked first: later messages quote cells, and every cell may reach Postgres (reason, extras)
  for (let index = 0; index < fields.length; index++) {
    const problem = unstorableText(fields[index]!);
    if (problem) {
      return fail(
        'bad-character',
        `column "${columns.names[index]}" holds ${problem}, which cannot be stored`,
      );
    }
  }
  const geometryText = fields[columns.geometry]!;
  const chargeText = fields[columns.charge]!.trim();
  const spinText = fields[columns.spin]!.trim();
  const missing: string[] = [];
  if (isMissing(geometryText.trim())) missing.push(options.geometryColumn);
  if (isMissing(chargeText)) missing.push(options.chargeColumn);
  if (isMissing(spinText)) missing.push(options.spinColumn);
  if (missing.length > 0)
    return fail('missing-value', `no value for ${missing.map((n) => `"${n}"`).join(', ')}`);

  const geometry = readAtomLines(geometryText, options.geometryFormat);
  if (!geometry.ok) return fail(geometry.problem, geometry.message);

  const charge = parseIntegerCell(chargeText);
  if (charge === undefined) return fail('bad-charge', `charge "${chargeText}" is not an integer`);
  const chargeRange = int32Problem('charge', charge);
  if (chargeRange) return fail('bad-charge', chargeRange);

  const spin = parseIntegerCell(spinText);
  if (spin === undefined) return fail('bad-spin', `${options.spinColumn} "${spinText}" is not an integer`);
  if (options.spinKind === 'uhf' && spin < 0) {
    return fail('bad-spin', `${options.spinColumn} ${spin} is negative (it counts unpaired electrons)`);
  }
  if (options.spinKind === 'multiplicity' && spin < 1) {
    return fail('bad-spin', `multiplicity ${spin} is below 1`);
  }
  const multiplicity = options.spinKind === 'uhf' ? spin + 1 : spin;
  const multiplicityRange = int32Problem('multiplicity', multiplicity);
  if (multiplicityRange) return fail('bad-spin', `${options.spinColumn} ${spin}: ${multiplicityRange}`);
  const natoms = geometry.symbols.length;
  // cannot trigger from a string cell (V8 strings are far shorter than 2^31 atom lines): a guard only
  const natomsRange = int32Problem('atom count', natoms);
  if (natomsRange) return fail('bad-geometry', natomsRange);

  const electrons = geometry.nuclearCharge - charge;
  const problem = spinStateProblem(electrons, multiplicity);
  if (problem) return fail('impossible-spin-state', `charge ${charge}, ${problem}`);

  const orca = readOrcaOverrides(fields, columns.orca);
  if (!orca.ok) return fail(orca.code, orca.detail);

  const hill = hillSummary(geometry.symbols);
  return {
    kind: 'job',
    job: {
      rowIndex,
      lineNumber: record.line,
      elements: hill.order,
      formula: hill.formula,
      natoms,
      charge,
      multiplicity,
      unpairedElectrons: multiplicity - 1,
      electrons,
      sourceGeometryFormat: geometry.format,
      // formatXyz's layout: count line, comment line, atom lines
      geometryXyz: `${natoms}\nrow ${rowIndex} charge ${charge} multiplicity ${multiplicity}\n${geometry.body}`,
      extras: Object.fromEntries(columns.keep.map(([name, index]) => [name, fields[index]!])),
      ...(orca.orcaKeywords === undefined ? {} : { orcaKeywords: orca.orcaKeywords }),
      ...(orca.orcaBlocks === undefined ? {} : { orcaBlocks: orca.orcaBlocks }),
      duplicateOf: null,
    },
  };
}

function badRow(record: CsvRecord, rowIndex: number, code: BadRowCode, detail: string): IngestResult {
  const reason = `row ${rowIndex} (line ${record.line}): ${detail}`;
  return { kind: 'bad', rowNumber: rowIndex, lineNumber: record.line, code, reason };
}

/** An empty cell, or pandas' `NaN` for one. */
function isMissing(trimmed: string): boolean {
  return trimmed === '' || (trimmed.length === 3 && trimmed.toLowerCase() === 'nan');
}
