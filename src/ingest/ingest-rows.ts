import { readCsvRecords, type CsvRecord } from './csv-records';
import type { ElementSymbol } from './elements';
import { formatXyz, parseGeometry, type Atom, type GeometryFormat } from './geometry';
import { resolveIngestOptions, type IngestOptionsInput, type ResolvedIngestOptions } from './options';
import { electronCount, parseIntegerCell, spinStateProblem } from './spin-state';

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
}

export const BAD_ROW_CODES = [
  'malformed-record',
  'missing-value',
  'bad-geometry',
  'unknown-element',
  'bad-charge',
  'bad-spin',
  'impossible-spin-state',
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
  width: number;
  geometry: number;
  charge: number;
  spin: number;
  keep: [name: string, index: number][];
}

/**
 * Streams an Architector-style CSV into validated job rows. Bad rows are yielded as `bad` results
 * and never stop the good ones; header problems throw `IngestHeaderError` before the first row.
 */
export async function* ingestRows(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: IngestOptionsInput = {},
): AsyncGenerator<IngestResult> {
  const resolved = resolveIngestOptions(options);
  let columns: ColumnIndexes | undefined;
  let rowIndex = 0;
  for await (const record of readCsvRecords(source, resolved.maxRecordChars)) {
    if (!columns) {
      columns = locateColumns(record, resolved);
      continue;
    }
    yield validateRow(record, rowIndex++, columns, resolved);
  }
  if (!columns) throw new IngestHeaderError('the CSV is empty: no header row');
}

function locateColumns(header: CsvRecord, options: ResolvedIngestOptions): ColumnIndexes {
  const names = header.fields.map((name) => name.trim());
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
  return {
    width: names.length,
    geometry: find('geometry', options.geometryColumn),
    charge: find('charge', options.chargeColumn),
    spin: find(spinRole, options.spinColumn),
    keep: options.keepColumns.flatMap((name) => {
      const index = names.indexOf(name);
      return index === -1 ? [] : [[name, index] as [string, number]];
    }),
  };
}

function validateRow(
  record: CsvRecord,
  rowIndex: number,
  columns: ColumnIndexes,
  options: ResolvedIngestOptions,
): IngestResult {
  const fail = (code: BadRowCode, detail: string): IngestResult => ({
    kind: 'bad',
    rowNumber: rowIndex,
    lineNumber: record.line,
    code,
    reason: `row ${rowIndex} (line ${record.line}): ${detail}`,
  });
  const { fields } = record;
  if (record.unterminatedQuote) return fail('malformed-record', 'a quoted field is never closed');
  if (fields.length !== columns.width) {
    return fail(
      'malformed-record',
      `expected ${columns.width} fields like the header, found ${fields.length}`,
    );
  }
  const geometryText = fields[columns.geometry]!;
  const chargeText = fields[columns.charge]!.trim();
  const spinText = fields[columns.spin]!.trim();
  const missing = [
    [options.geometryColumn, geometryText.trim()],
    [options.chargeColumn, chargeText],
    [options.spinColumn, spinText],
  ].flatMap(([name, value]) => (value === '' || /^nan$/i.test(value!) ? [name] : []));
  if (missing.length > 0)
    return fail('missing-value', `no value for ${missing.map((n) => `"${n}"`).join(', ')}`);

  const geometry = parseGeometry(geometryText, options.geometryFormat);
  if (!geometry.ok) return fail(geometry.problem, geometry.message);

  const charge = parseIntegerCell(chargeText);
  if (charge === undefined) return fail('bad-charge', `charge "${chargeText}" is not an integer`);

  const spin = parseIntegerCell(spinText);
  if (spin === undefined) return fail('bad-spin', `${options.spinColumn} "${spinText}" is not an integer`);
  if (options.spinKind === 'uhf' && spin < 0) {
    return fail('bad-spin', `${options.spinColumn} ${spin} is negative (it counts unpaired electrons)`);
  }
  if (options.spinKind === 'multiplicity' && spin < 1) {
    return fail('bad-spin', `multiplicity ${spin} is below 1`);
  }
  const multiplicity = options.spinKind === 'uhf' ? spin + 1 : spin;

  const symbols = geometry.atoms.map((atom) => atom.element);
  const electrons = electronCount(symbols, charge);
  const problem = spinStateProblem(electrons, multiplicity);
  if (problem) return fail('impossible-spin-state', `charge ${charge}, ${problem}`);

  return {
    kind: 'job',
    job: {
      rowIndex,
      lineNumber: record.line,
      elements: hillOrder(new Set(symbols)),
      formula: hillFormula(geometry.atoms),
      natoms: geometry.atoms.length,
      charge,
      multiplicity,
      unpairedElectrons: multiplicity - 1,
      electrons,
      sourceGeometryFormat: geometry.format,
      geometryXyz: formatXyz(geometry.atoms, `row ${rowIndex} charge ${charge} multiplicity ${multiplicity}`),
      extras: Object.fromEntries(columns.keep.map(([name, index]) => [name, fields[index]!])),
    },
  };
}

function hillOrder(elements: Set<ElementSymbol>): ElementSymbol[] {
  const rest = [...elements].filter((e) => !(elements.has('C') && (e === 'C' || e === 'H'))).sort();
  if (!elements.has('C')) return rest;
  return [...(['C', 'H'] as const).filter((e) => elements.has(e)), ...rest];
}

function hillFormula(atoms: readonly Atom[]): string {
  const counts = new Map<ElementSymbol, number>();
  for (const atom of atoms) counts.set(atom.element, (counts.get(atom.element) ?? 0) + 1);
  return hillOrder(new Set(counts.keys()))
    .map((element) => {
      const count = counts.get(element)!;
      return count === 1 ? element : `${element}${count}`;
    })
    .join('');
}
