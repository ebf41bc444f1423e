import type { BlockReader } from './block-reader';
import type { MullikenAtom, MullikenPopulation } from './types';

const MAX_ATOMS = 100_000;
const NUMBER = String.raw`(-?\d+\.\d+(?:[Ee][-+]?\d+)?)`;
const ATOM_ROW = new RegExp(String.raw`^\s*(\d+)\s+([A-Za-z]{1,3})\s*:\s+${NUMBER}(?:\s+${NUMBER})?\s*$`);
const SUM_ROW = new RegExp(
  String.raw`^Sum of atomic (charges|spin populations|spin densities)\s*:\s+${NUMBER}`,
);

export function isMullikenHeader(line: string): boolean {
  return line.trimStart().startsWith('MULLIKEN ATOMIC CHARGES');
}

/**
 * Collects the rows of one Mulliken block (ORCA 3: "... AND SPIN DENSITIES", ORCA ≥ 4:
 * "... AND SPIN POPULATIONS", or charges only) line by line, across read boundaries.
 */
export class MullikenBlock {
  private readonly atoms: MullikenAtom[] = [];
  private chargeSum: number | null = null;
  private spinSum: number | null = null;
  private done = false;

  constructor(private readonly header: string) {}

  /** Returns false when the line is not part of the block (the block is then complete). */
  accept(line: string): boolean {
    if (this.done) return false;
    const trimmed = line.trim();
    if (this.atoms.length === 0 && (trimmed.length === 0 || /^-+$/.test(trimmed))) return true;
    const atom = ATOM_ROW.exec(line);
    if (atom && this.chargeSum === null) {
      if (this.atoms.length < MAX_ATOMS) {
        this.atoms.push({
          index: Number(atom[1]),
          element: atom[2] ?? '',
          charge: Number(atom[3]),
          spin: atom[4] === undefined ? null : Number(atom[4]),
        });
      }
      return true;
    }
    const sum = SUM_ROW.exec(trimmed);
    if (sum && this.atoms.length > 0) {
      if (sum[1] === 'charges') this.chargeSum = Number(sum[2]);
      else this.spinSum = Number(sum[2]);
      return true;
    }
    this.done = true;
    return false;
  }

  /** A block cut by the end of the file is only kept when its rows were all printed. */
  result(atEndOfInput: boolean): MullikenPopulation | null {
    if (this.atoms.length === 0) return null;
    if (atEndOfInput && this.chargeSum === null) return null;
    return { header: this.header, atoms: this.atoms, chargeSum: this.chargeSum, spinSum: this.spinSum };
  }
}

export function isLoewdinHeader(line: string): boolean {
  return line.trimStart().startsWith('LOEWDIN ATOMIC CHARGES');
}

/** A Mulliken or Loewdin block as a BlockReader: a complete block replaces the previous one. */
export class PopulationBlockReader implements BlockReader {
  private readonly block: MullikenBlock;

  constructor(
    header: string,
    private readonly onResult: (population: MullikenPopulation) => void,
  ) {
    this.block = new MullikenBlock(header);
  }

  accept(line: string): boolean {
    return this.block.accept(line);
  }

  close(atEndOfInput: boolean): void {
    const population = this.block.result(atEndOfInput);
    if (population) this.onResult(population);
  }
}
