import { isTerminalLine, NUMBER, type BlockReader } from './block-reader';
import type { FrontierOrbitals, OrbitalEnergies } from './property-types';

// "  17   2.0000      -0.068528        -1.8648 " (ORCA 4-6; an irrep label may follow)
const ROW = new RegExp(String.raw`^\s*\d+\s+${NUMBER}\s+${NUMBER}\s+${NUMBER}(?:\s+\S+)?\s*$`);
const COLUMNS = /^NO\s+OCC\s+E\(Eh\)\s+E\(eV\)/;
const MAX_PREAMBLE_LINES = 10;

class Frontier {
  homoEh: number | null = null;
  homoEv: number | null = null;
  lumoEh: number | null = null;
  lumoEv: number | null = null;
  rows = 0;

  add(occupation: number, energyEh: number, energyEv: number): void {
    this.rows++;
    if (occupation > 0) {
      if (this.homoEh === null || energyEh > this.homoEh) [this.homoEh, this.homoEv] = [energyEh, energyEv];
    } else if (this.lumoEh === null || energyEh < this.lumoEh) {
      [this.lumoEh, this.lumoEv] = [energyEh, energyEv];
    }
  }

  result(): FrontierOrbitals {
    return {
      homoEh: this.homoEh,
      homoEv: this.homoEv,
      lumoEh: this.lumoEh,
      lumoEv: this.lumoEv,
      gapEv: gap(this),
    };
  }
}

function gap(orbitals: { homoEv: number | null; lumoEv: number | null }): number | null {
  return orbitals.homoEv === null || orbitals.lumoEv === null
    ? null
    : round(orbitals.lumoEv - orbitals.homoEv);
}

/** Differences of values printed with 4 decimals, without binary noise (e.g. 9.5720, not 9.572000000000001). */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function highest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

function lowest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/**
 * The frontier orbitals of one ORBITAL ENERGIES block, row by row (only the extremes are kept). A
 * restricted block is one list; an unrestricted one has a SPIN UP and a SPIN DOWN list separated by
 * a blank line. Occupied means OCC > 0.
 */
export class OrbitalEnergiesBlock implements BlockReader {
  private readonly up = new Frontier();
  private readonly down = new Frontier();
  private current = this.up;
  private unrestricted = false;
  private preamble = 0;
  private done = false;

  constructor(private readonly onResult: (orbitals: OrbitalEnergies) => void) {}

  accept(line: string): boolean {
    if (this.done || isTerminalLine(line)) return false;
    const trimmed = line.trim();
    const match = ROW.exec(line);
    if (match) {
      this.current.add(Number(match[1]), Number(match[2]), Number(match[3]));
      return true;
    }
    if (trimmed.startsWith('SPIN UP ORBITALS')) {
      this.unrestricted = true;
      return true;
    }
    if (trimmed.startsWith('SPIN DOWN ORBITALS')) {
      this.current = this.down;
      return true;
    }
    if (COLUMNS.test(trimmed) || /^-+$/.test(trimmed)) return true;
    if (trimmed === '' && (this.current.rows === 0 || (this.unrestricted && this.current === this.up))) {
      return ++this.preamble <= MAX_PREAMBLE_LINES;
    }
    this.done = true;
    return false;
  }

  close(): void {
    if (this.up.rows === 0) return;
    if (!this.unrestricted) {
      this.onResult({ ...this.up.result(), alpha: null, beta: null });
      return;
    }
    const alpha = this.up.result();
    const beta = this.down.rows > 0 ? this.down.result() : null;
    const pick = (choose: typeof highest, key: keyof FrontierOrbitals) =>
      choose(alpha[key], beta?.[key] ?? null);
    const homoEv = pick(highest, 'homoEv');
    const lumoEv = pick(lowest, 'lumoEv');
    this.onResult({
      homoEh: pick(highest, 'homoEh'),
      homoEv,
      lumoEh: pick(lowest, 'lumoEh'),
      lumoEv,
      gapEv: gap({ homoEv, lumoEv }),
      alpha,
      beta,
    });
  }
}
