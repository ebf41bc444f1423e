import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One column of ORCA's NORMAL MODES table: the Cartesian displacements of a mode (x, y, z per atom). */
export interface NormalMode {
  /** The mode's number in VIBRATIONAL FREQUENCIES and NORMAL MODES (zero modes count). */
  index: number;
  frequencyCm1: number;
  /** 3 per atom, in input order; ORCA normalises the vector (mass-weighted, see its note). */
  displacements: number[];
}

const FREQUENCY_ROW = /^\s*(\d+):\s+(-?\d+\.\d+)\s+cm\*\*-1/;
const COLUMN_HEADER = /^\s+\d+(\s+\d+)*\s*$/;
const DATA_ROW = /^\s*(\d+)((\s+-?\d+\.\d+)+)\s*$/;
/** A printed frequency differs from the one asked for by rounding only. */
const FREQUENCY_TOLERANCE_CM1 = 0.011;

type Section = 'none' | 'frequencies' | 'modes';

/**
 * Reads, line by line, the mode of the last VIBRATIONAL FREQUENCIES block whose frequency is
 * `frequencyCm1` and its column of the NORMAL MODES table after it. Keeps that column only.
 */
export class NormalModeReader {
  private section: Section = 'none';
  private frequencies = new Map<number, number>();
  private target: number | undefined;
  /** Columns of the current block of the table (their mode numbers), while reading its rows. */
  private columns: number[] = [];
  private displacements: number[] = [];
  private found: NormalMode | undefined;

  constructor(private readonly frequencyCm1: number) {}

  acceptLine(line: string): void {
    const title = line.trim();
    if (title === 'VIBRATIONAL FREQUENCIES') {
      this.section = 'frequencies';
      this.frequencies = new Map();
      return;
    }
    if (title === 'NORMAL MODES') {
      this.startModes();
      return;
    }
    if (this.section === 'frequencies') {
      const row = FREQUENCY_ROW.exec(line);
      if (row) this.frequencies.set(Number(row[1]), Number(row[2]));
    } else if (this.section === 'modes') {
      this.acceptModeLine(line);
    }
  }

  /** The mode, if the output printed it with its NORMAL MODES column complete. */
  result(): NormalMode | undefined {
    this.finishModes();
    return this.found;
  }

  private startModes(): void {
    this.finishModes();
    this.section = 'modes';
    this.columns = [];
    this.displacements = [];
    this.target = undefined;
    for (const [index, frequency] of this.frequencies) {
      if (Math.abs(frequency - this.frequencyCm1) <= FREQUENCY_TOLERANCE_CM1) this.target = index;
    }
  }

  private acceptModeLine(line: string): void {
    if (this.target === undefined) {
      this.section = 'none';
      return;
    }
    if (COLUMN_HEADER.test(line)) {
      this.columns = line.trim().split(/\s+/).map(Number);
      return;
    }
    const row = DATA_ROW.exec(line);
    if (row && this.columns.length) {
      const column = this.columns.indexOf(this.target);
      const values = row[2]!.trim().split(/\s+/);
      if (column !== -1 && values.length === this.columns.length) {
        if (Number(row[1]) !== this.displacements.length) return this.abandon();
        this.displacements.push(Number(values[column]));
      }
      return;
    }
    // the table ends at the first line that is neither a header nor a row, once it has begun
    if (this.columns.length && line.trim() === '') this.finishModes();
  }

  private finishModes(): void {
    if (this.section !== 'modes') return;
    this.section = 'none';
    const index = this.target;
    const count = this.displacements.length;
    if (index === undefined || count === 0 || count % 3 !== 0) return;
    this.found = { index, frequencyCm1: this.frequencies.get(index)!, displacements: this.displacements };
  }

  private abandon(): void {
    this.section = 'none';
    this.displacements = [];
  }
}

/** The mode of `frequencyCm1` in the output file at `outputPath` (read line by line), if printed. */
export async function readNormalMode(
  outputPath: string,
  frequencyCm1: number,
): Promise<NormalMode | undefined> {
  const reader = new NormalModeReader(frequencyCm1);
  const lines = createInterface({ input: createReadStream(outputPath), crlfDelay: Infinity });
  for await (const line of lines) reader.acceptLine(line);
  return reader.result();
}
