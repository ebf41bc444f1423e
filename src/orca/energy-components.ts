import { firstNumber, NUMBER } from './block-reader';
import type { EnergyComponents } from './property-types';

/** Enough for the TOTAL SCF ENERGY block with its virial and DFT components (~1.5 KB in ORCA 4-6). */
const CAPTURE_BYTES = 3072;

const FIELDS: [keyof EnergyComponents, RegExp][] = [
  ['totalEh', new RegExp(String.raw`^Total Energy\s*:\s+${NUMBER}\s+Eh`)],
  ['nuclearRepulsionEh', new RegExp(String.raw`^Nuclear Repulsion\s*:\s+${NUMBER}\s+Eh`)],
  ['electronicEh', new RegExp(String.raw`^Electronic Energy\s*:\s+${NUMBER}\s+Eh`)],
  ['oneElectronEh', new RegExp(String.raw`^One Electron Energy\s*:\s+${NUMBER}\s+Eh`)],
  ['twoElectronEh', new RegExp(String.raw`^Two Electron Energy\s*:\s+${NUMBER}\s+Eh`)],
  ['exchangeEh', new RegExp(String.raw`^E\(X\)\s*:\s+${NUMBER}\s+Eh`)],
  ['correlationEh', new RegExp(String.raw`^E\(C\)\s*:\s+${NUMBER}\s+Eh`)],
  ['exchangeCorrelationEh', new RegExp(String.raw`^E\(XC\)\s*:\s+${NUMBER}\s+Eh`)],
];

/**
 * The bytes of the last TOTAL SCF ENERGY block. ORCA prints it after every SCF (each optimization
 * cycle), so it is copied, not parsed, as it goes by (a few KB per SCF, across read boundaries), and
 * read once at the end.
 */
export class ScfEnergyCapture {
  private readonly bytes = Buffer.alloc(CAPTURE_BYTES);
  private length = 0;
  private open = false;

  /** A header line starting at `lineStart` of `region`. */
  start(region: Buffer, lineStart: number): void {
    this.length = 0;
    this.open = true;
    this.append(region, lineStart);
  }

  /** The next region, while the block may still go on. */
  continue(region: Buffer): void {
    if (this.open) this.append(region, 0);
  }

  get capturing(): boolean {
    return this.open;
  }

  components(): EnergyComponents | null {
    if (this.length === 0) return null;
    const components: EnergyComponents = {
      totalEh: null,
      nuclearRepulsionEh: null,
      electronicEh: null,
      oneElectronEh: null,
      twoElectronEh: null,
      exchangeEh: null,
      correlationEh: null,
      exchangeCorrelationEh: null,
    };
    const lines = this.bytes.toString('latin1', 0, this.length).split('\n');
    for (const line of lines.slice(1)) {
      const trimmed = line.trim();
      if (trimmed === 'SCF CONVERGENCE' || trimmed === 'ORBITAL ENERGIES') break;
      for (const [field, pattern] of FIELDS) {
        if (components[field] === null) components[field] = firstNumber(pattern, trimmed);
      }
    }
    return Object.values(components).some((value) => value !== null) ? components : null;
  }

  private append(region: Buffer, from: number): void {
    const n = Math.min(CAPTURE_BYTES - this.length, region.length - from);
    region.copy(this.bytes, this.length, from, from + n);
    this.length += n;
    if (this.length === CAPTURE_BYTES) this.open = false;
  }
}
