import { isTerminalLine, NUMBER, type BlockReader } from './block-reader';
import type { MayerBond, MayerBondOrders } from './property-types';

const MAX_BONDS = 20_000;
/** Legend and blank lines allowed between the banner and the bond orders (besides one row per atom). */
const MAX_OTHER_LINES_BEFORE_BONDS = 20;
const ATOM_ROW = /^\s*\d+\s+[A-Za-z]{1,3}\s+-?\d+\.\d+/;
const BOND_HEADER = new RegExp(String.raw`^\s*Mayer bond orders larger than\s+${NUMBER}`);
// "B(  0-Fe,  1-O ) :   0.5926 B(  0-Fe,  3-O ) :   0.6354 ..."
const BOND = new RegExp(
  String.raw`B\(\s*(\d+)-\s*([A-Za-z]{1,3})\s*,\s*(\d+)-\s*([A-Za-z]{1,3})\s*\)\s*:\s*${NUMBER}`,
  'g',
);

/** The bond orders of one Mayer population analysis (the per-atom table before them is skipped). */
export class MayerBlock implements BlockReader {
  private printThreshold: number | null = null;
  private readonly bonds: MayerBond[] = [];
  private inBonds = false;
  private otherLinesBefore = 0;
  private done = false;

  constructor(private readonly onResult: (mayer: MayerBondOrders) => void) {}

  accept(line: string): boolean {
    if (this.done || isTerminalLine(line)) return false;
    if (!this.inBonds) {
      const header = BOND_HEADER.exec(line);
      if (header) {
        this.printThreshold = Number(header[1]);
        this.inBonds = true;
        return true;
      }
      if (ATOM_ROW.test(line)) return true;
      return ++this.otherLinesBefore <= MAX_OTHER_LINES_BEFORE_BONDS || this.finish();
    }
    if (!line.includes('B(')) return this.finish();
    for (const match of line.matchAll(BOND)) {
      if (this.bonds.length >= MAX_BONDS) break;
      this.bonds.push({
        atoms: [Number(match[1]), Number(match[3])],
        elements: [match[2] ?? '', match[4] ?? ''],
        order: Number(match[5]),
      });
    }
    return true;
  }

  close(): void {
    if (this.inBonds) this.onResult({ printThreshold: this.printThreshold, bonds: this.bonds });
  }

  private finish(): false {
    this.done = true;
    return false;
  }
}
