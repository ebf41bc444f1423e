import { isTerminalLine, NUMBER, type BlockReader } from './block-reader';
import type { VibrationalFrequencies } from './property-types';

// "   6:      1567.61 cm**-1" (ORCA 4, 5) or "     6:    -407.58 cm**-1  ***imaginary mode***" (ORCA 6)
const ROW = new RegExp(String.raw`^\s*\d+:\s+${NUMBER}\s+cm\*\*-1`);
const MAX_PREAMBLE_LINES = 12;
const MAX_IMAGINARY_KEPT = 20;

/** The modes of one VIBRATIONAL FREQUENCIES block, row by row (counts and extremes only). */
export class FrequenciesBlock implements BlockReader {
  private modes = 0;
  private zeroModes = 0;
  private readonly imaginaryCm1: number[] = [];
  private imaginaryModes = 0;
  private lowest: number | null = null;
  private highest: number | null = null;
  private preamble = 0;
  private done = false;

  constructor(private readonly onResult: (frequencies: VibrationalFrequencies) => void) {}

  accept(line: string): boolean {
    if (this.done || isTerminalLine(line)) return false;
    const row = ROW.exec(line);
    if (row) {
      this.add(Number(row[1]));
      return true;
    }
    if (this.modes === 0 && ++this.preamble <= MAX_PREAMBLE_LINES) return true;
    this.done = true;
    return false;
  }

  close(): void {
    if (this.modes === 0) return;
    this.onResult({
      modes: this.modes,
      zeroModes: this.zeroModes,
      imaginaryModes: this.imaginaryModes,
      imaginaryCm1: this.imaginaryCm1,
      lowestCm1: this.lowest,
      highestCm1: this.highest,
    });
  }

  private add(frequency: number): void {
    this.modes++;
    if (frequency === 0) {
      this.zeroModes++;
      return;
    }
    if (frequency < 0) {
      this.imaginaryModes++;
      if (this.imaginaryCm1.length < MAX_IMAGINARY_KEPT) this.imaginaryCm1.push(frequency);
    }
    this.lowest = this.lowest === null ? frequency : Math.min(this.lowest, frequency);
    this.highest = this.highest === null ? frequency : Math.max(this.highest, frequency);
  }
}
