export const NEWLINE = 0x0a;

/** Line kinds located by a rare byte; see PROBES. */
export const MarkerKind = {
  EnergyOrTermination: 0,
  Converged: 1,
  MaxGradient: 2,
  Mulliken: 3,
  JobBanner: 4,
  OptimizationFailed: 5,
} as const;
export type MarkerKind = (typeof MarkerKind)[keyof typeof MarkerKind];

/** A hit is encoded as lineStart * KIND_SLOTS + kind, so that sorting hits sorts them by line. */
const KIND_SLOTS = 8;

/**
 * Interesting lines are found without visiting every line: each is located through a byte that is
 * rare in ORCA outputs (Buffer#indexOf on a byte is a native memchr), confirmed by a few neighbouring
 * bytes, and only then decoded and parsed. This is what makes the scan run near grep speed.
 */
interface Probe {
  byte: number;
  /** Kind of the line when the bytes around `at` look like the wanted marker, else -1. */
  classify(region: Buffer, at: number): MarkerKind | -1;
}

const PROBES: Probe[] = [
  {
    // "FINAL SINGLE POINT ENERGY" (…RGY) and "ORCA TERMINATED NORMALLY" (…LLY)
    byte: 0x59, // Y
    classify: (r, i) =>
      (r[i - 1] === 0x47 && r[i - 2] === 0x52) || (r[i - 1] === 0x4c && r[i - 2] === 0x4c)
        ? MarkerKind.EnergyOrTermination
        : -1,
  },
  {
    // "SCF CONVERGED AFTER", "SCF NOT CONVERGED AFTER", "NOT FULLY CONVERGED", "OPTIMIZATION HAS CONVERGED"
    byte: 0x56, // V
    classify: (r, i) =>
      r[i + 1] === 0x45 && r[i + 2] === 0x52 && r[i + 3] === 0x47 && r[i + 5] === 0x44
        ? MarkerKind.Converged
        : -1,
  },
  {
    byte: 0x58, // X of "MAX gradient"
    classify: (r, i) =>
      r[i - 2] === 0x4d && r[i - 1] === 0x41 && r[i + 1] === 0x20 && r[i + 2] === 0x67
        ? MarkerKind.MaxGradient
        : -1,
  },
  {
    byte: 0x4b, // K of "MULLIKEN"
    classify: (r, i) =>
      r[i - 5] === 0x4d && r[i - 4] === 0x55 && r[i + 1] === 0x45 && r[i + 2] === 0x4e
        ? MarkerKind.Mulliken
        : -1,
  },
  {
    byte: 0x4a, // J of "JOB NUMBER"
    classify: (r, i) =>
      r[i + 1] === 0x4f && r[i + 2] === 0x42 && r[i + 3] === 0x20 ? MarkerKind.JobBanner : -1,
  },
  {
    byte: 0x7a, // z of "optimization did not converge"
    classify: (r, i) =>
      r[i + 1] === 0x61 && r[i + 6] === 0x20 && r[i + 7] === 0x64 && r[i + 8] === 0x69
        ? MarkerKind.OptimizationFailed
        : -1,
  },
];

/**
 * Calls `visit` with each marker line that starts at or after `from`, in the order of the region,
 * once per line and kind. `visit` returns the offset of the first line it has not consumed itself
 * (hits before it are skipped), or undefined when it consumed nothing beyond the line.
 */
export function visitMarkerLines(
  region: Buffer,
  from: number,
  visit: (kind: MarkerKind, line: string, lineEnd: number) => number | undefined,
): void {
  const found: number[] = [];
  for (const probe of PROBES) {
    let at = region.indexOf(probe.byte, from);
    while (at !== -1) {
      const kind = probe.classify(region, at);
      if (kind >= 0) found.push((region.lastIndexOf(NEWLINE, at) + 1) * KIND_SLOTS + kind);
      at = region.indexOf(probe.byte, at + 1);
    }
  }
  if (found.length === 0) return;
  const hits = Float64Array.from(found).sort();
  let consumedUntil = from;
  let previous = -1;
  for (const hit of hits) {
    if (hit === previous) continue;
    previous = hit;
    const lineStart = Math.floor(hit / KIND_SLOTS);
    if (lineStart < consumedUntil) continue;
    let lineEnd = region.indexOf(NEWLINE, lineStart);
    if (lineEnd === -1) lineEnd = region.length;
    const line = region.toString('latin1', lineStart, lineEnd);
    const kind = (hit - lineStart * KIND_SLOTS) as MarkerKind;
    consumedUntil = visit(kind, line, lineEnd) ?? consumedUntil;
  }
}
