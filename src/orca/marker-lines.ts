import { NeedleSet, type Needle } from './needle-set';
import { PairScanFallback, PairScanKernel, simdAvailable, type PairScanner } from './pair-scan-kernel';

export const NEWLINE = 0x0a;

/** What a marker line is; several needles may share a kind (the line is then read once). */
export const MarkerKind = {
  EnergyOrTermination: 0,
  Converged: 1,
  MaxGradient: 2,
  Mulliken: 3,
  JobBanner: 4,
  OptimizationFailed: 5,
  ScfEnergy: 6,
  OrbitalEnergies: 7,
  Loewdin: 8,
  Mayer: 9,
  Frequencies: 10,
  Thermochemistry: 11,
  Dipole: 12,
  Warning: 13,
} as const;
export type MarkerKind = (typeof MarkerKind)[keyof typeof MarkerKind];

/**
 * The literals that make a line interesting. Each is found through its anchor, a byte pair of it. The
 * kernel sorts anchors into 4 buckets, each accepting every pair of its first bytes × its second
 * bytes (nibble by nibble), so anchors are chosen to share bytes: these give {G,L,A}×{Y,X},
 * {V,R}×{E,B,N}, {L,J,M}×{L,O} and z×a, about 0.6 candidate pairs per 1000 bytes of ORCA output
 * (the fixtures), a handful per optimization cycle of ~600 lines.
 */
const NEEDLES: Needle<MarkerKind>[] = [
  { text: 'FINAL SINGLE POINT ENERGY', anchor: 'GY', kind: MarkerKind.EnergyOrTermination },
  { text: 'ORCA TERMINATED NORMALLY', anchor: 'LY', kind: MarkerKind.EnergyOrTermination },
  { text: 'SCF CONVERGED AFTER', anchor: 'VE', kind: MarkerKind.Converged },
  { text: 'SCF NOT CONVERGED AFTER', anchor: 'VE', kind: MarkerKind.Converged },
  { text: 'NOT FULLY CONVERGED', anchor: 'LY', kind: MarkerKind.Converged },
  { text: 'THE OPTIMIZATION HAS CONVERGED', anchor: 'VE', kind: MarkerKind.Converged },
  { text: 'MAX gradient', anchor: 'AX', kind: MarkerKind.MaxGradient },
  { text: 'MULLIKEN ATOMIC CHARGES', anchor: 'LL', kind: MarkerKind.Mulliken },
  { text: 'JOB NUMBER', anchor: 'JO', kind: MarkerKind.JobBanner },
  { text: 'The optimization did not converge', anchor: 'za', kind: MarkerKind.OptimizationFailed },
  { text: 'TOTAL SCF ENERGY', anchor: 'GY', kind: MarkerKind.ScfEnergy },
  { text: 'ORBITAL ENERGIES', anchor: 'RB', kind: MarkerKind.OrbitalEnergies },
  { text: 'LOEWDIN ATOMIC CHARGES', anchor: 'LO', kind: MarkerKind.Loewdin },
  { text: 'MAYER POPULATION ANALYSIS', anchor: 'AY', kind: MarkerKind.Mayer },
  { text: 'VIBRATIONAL FREQUENCIES', anchor: 'RE', kind: MarkerKind.Frequencies },
  { text: 'THERMOCHEMISTRY AT', anchor: 'MO', kind: MarkerKind.Thermochemistry },
  { text: 'DIPOLE MOMENT', anchor: 'MO', kind: MarkerKind.Dipole },
  { text: 'WARNING', anchor: 'RN', kind: MarkerKind.Warning },
];

export const MARKER_NEEDLES = new NeedleSet(NEEDLES);

const MAX_IDLE_KERNELS = 4;
const idleKernels: PairScanner[] = [];
let useSimd: boolean | undefined;

/** A kernel for one output at a time; give it back with releaseKernel when the output is done. */
export function acquireKernel(): PairScanner {
  useSimd ??= simdAvailable();
  const idle = idleKernels.pop();
  if (idle) return idle;
  return useSimd ? new PairScanKernel(MARKER_NEEDLES) : new PairScanFallback(MARKER_NEEDLES);
}

export function releaseKernel(kernel: PairScanner): void {
  if (idleKernels.length < MAX_IDLE_KERNELS && !idleKernels.includes(kernel)) idleKernels.push(kernel);
}

/** Where a marker was found: its line [lineStart, lineEnd) of the region and the needle's offset. */
export interface MarkerLine {
  kind: MarkerKind;
  lineStart: number;
  lineEnd: number;
  needleStart: number;
  needleLength: number;
}

/**
 * Calls `visit` with each marker line that starts at or after `from`, in the order of the region,
 * once per line and kind. `visit` returns the offset of the first line it has not consumed itself
 * (marker lines before it are skipped), or undefined when it consumed nothing beyond the line.
 * The same MarkerLine object is reused from call to call.
 */
export function visitMarkerLines(
  kernel: PairScanner,
  region: Buffer,
  from: number,
  visit: (marker: MarkerLine) => number | undefined,
): void {
  const marker: MarkerLine = { kind: 0, lineStart: 0, lineEnd: 0, needleStart: 0, needleLength: 0 };
  let consumedUntil = from;
  let currentLine = -1;
  let kindsOnLine = 0;
  kernel.forEachNeedle(region, from, (lineStart, lineEnd, needleStart, id) => {
    if (needleStart < consumedUntil) return;
    const needle = MARKER_NEEDLES.needle(id);
    if (lineStart !== currentLine) {
      currentLine = lineStart;
      kindsOnLine = 0;
    }
    const bit = 1 << needle.kind;
    if ((kindsOnLine & bit) !== 0) return;
    kindsOnLine |= bit;
    marker.kind = needle.kind;
    marker.lineStart = lineStart;
    marker.lineEnd = lineEnd;
    marker.needleStart = needleStart;
    marker.needleLength = needle.text.length;
    consumedUntil = visit(marker) ?? consumedUntil;
  });
}
