import { firstNumber, isTerminalLine, NUMBER, type BlockReader } from './block-reader';
import type { DipoleMoment } from './property-types';

const TOTAL = new RegExp(String.raw`^Total Dipole Moment\s*:\s+${NUMBER}\s+${NUMBER}\s+${NUMBER}`);
const MAGNITUDE_AU = new RegExp(String.raw`^Magnitude \(a\.u\.\)\s*:\s+${NUMBER}`);
const MAGNITUDE_DEBYE = new RegExp(String.raw`^Magnitude \(Debye\)\s*:\s+${NUMBER}`);
/** ORCA 6 prints method, density, multiplicity… before the table. */
const MAX_LINES = 40;

/** One DIPOLE MOMENT section, up to its "Magnitude (Debye)" line. */
export class DipoleBlock implements BlockReader {
  private readonly dipole: DipoleMoment = { vectorAu: null, magnitudeAu: null, magnitudeDebye: null };
  private lines = 0;
  private done = false;

  constructor(private readonly onResult: (dipole: DipoleMoment) => void) {}

  accept(line: string): boolean {
    if (this.done || isTerminalLine(line) || ++this.lines > MAX_LINES) return false;
    const total = TOTAL.exec(line);
    if (total) {
      this.dipole.vectorAu = [Number(total[1]), Number(total[2]), Number(total[3])];
      return true;
    }
    this.dipole.magnitudeAu ??= firstNumber(MAGNITUDE_AU, line);
    const debye = firstNumber(MAGNITUDE_DEBYE, line);
    if (debye !== null) {
      this.dipole.magnitudeDebye = debye;
      this.done = true;
    }
    return true;
  }

  close(): void {
    if (this.dipole.vectorAu !== null || this.dipole.magnitudeAu !== null) this.onResult(this.dipole);
  }
}
