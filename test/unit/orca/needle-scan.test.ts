import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  acquireKernel,
  MARKER_NEEDLES,
  MarkerKind,
  releaseKernel,
  visitMarkerLines,
} from '../../../src/orca/marker-lines';
import { groupAnchors, NeedleSet } from '../../../src/orca/needle-set';
import {
  PairScanFallback,
  PairScanKernel,
  simdAvailable,
  type PairScanner,
} from '../../../src/orca/pair-scan-kernel';
import { OUTPUT_EXPECTATIONS } from './fixture-expectations';
import { fixture } from './fixture-paths';

function load(relative: string): Buffer {
  const bytes = readFileSync(fixture(relative));
  return relative.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

/** What the kernel's tables accept, computed byte by byte in TypeScript (the reference). */
function accepted(tables: Uint8Array, first: number, second: number): boolean {
  const f = (tables[first & 15] as number) & (tables[16 + (first >> 4)] as number);
  const s = (tables[32 + (second & 15)] as number) & (tables[48 + (second >> 4)] as number);
  return (f & s) !== 0;
}

/** Pairs inside the region (a pair starting on its last byte is not). */
function referenceCandidates(tables: Uint8Array, region: Buffer, from: number): number[] {
  const found: number[] = [];
  for (let i = from; i < region.length - 1; i++) {
    if (accepted(tables, region[i] as number, region[i + 1] as number)) found.push(i);
  }
  return found;
}

function kernelCandidates(kernel: PairScanner, region: Buffer, from = 0): number[] {
  const found: number[] = [];
  kernel.forEachCandidate(region, from, (at) => found.push(at));
  return found;
}

/** Every (line start, kind) whose line contains a needle, found line by line with includes(). */
function referenceMarkers(region: Buffer): string[] {
  const found: string[] = [];
  let lineStart = 0;
  for (const line of region.toString('latin1').split('\n')) {
    const kinds = new Set<number>();
    for (const [kind, text] of NEEDLE_TEXTS) if (line.includes(text)) kinds.add(kind);
    for (const kind of [...kinds].sort((a, b) => a - b)) found.push(`${lineStart}:${kind}`);
    lineStart += line.length + 1;
  }
  return found;
}

const NEEDLE_TEXTS: [number, string][] = [
  [MarkerKind.EnergyOrTermination, 'FINAL SINGLE POINT ENERGY'],
  [MarkerKind.EnergyOrTermination, 'ORCA TERMINATED NORMALLY'],
  [MarkerKind.Converged, 'SCF CONVERGED AFTER'],
  [MarkerKind.Converged, 'SCF NOT CONVERGED AFTER'],
  [MarkerKind.Converged, 'NOT FULLY CONVERGED'],
  [MarkerKind.Converged, 'THE OPTIMIZATION HAS CONVERGED'],
  [MarkerKind.MaxGradient, 'MAX gradient'],
  [MarkerKind.Mulliken, 'MULLIKEN ATOMIC CHARGES'],
  [MarkerKind.JobBanner, 'JOB NUMBER'],
  [MarkerKind.OptimizationFailed, 'The optimization did not converge'],
  [MarkerKind.ScfEnergy, 'TOTAL SCF ENERGY'],
  [MarkerKind.OrbitalEnergies, 'ORBITAL ENERGIES'],
  [MarkerKind.Loewdin, 'LOEWDIN ATOMIC CHARGES'],
  [MarkerKind.Mayer, 'MAYER POPULATION ANALYSIS'],
  [MarkerKind.Frequencies, 'VIBRATIONAL FREQUENCIES'],
  [MarkerKind.Thermochemistry, 'THERMOCHEMISTRY AT'],
  [MarkerKind.Dipole, 'DIPOLE MOMENT'],
  [MarkerKind.Warning, 'WARNING'],
];

function kernelMarkers(region: Buffer, scanner?: PairScanner): string[] {
  const kernel = scanner ?? acquireKernel();
  const found: string[] = [];
  visitMarkerLines(kernel, region, 0, (marker) => {
    found.push(`${marker.lineStart}:${marker.kind}`);
    // the line's bounds are those of the newlines around the needle
    expect(marker.lineStart === 0 || region[marker.lineStart - 1] === 0x0a).toBe(true);
    expect(marker.lineEnd === region.length || region[marker.lineEnd] === 0x0a).toBe(true);
    expect(region.subarray(marker.lineStart, marker.lineEnd).includes(0x0a)).toBe(false);
    return undefined;
  });
  if (!scanner) releaseKernel(kernel);
  return found.sort((a, b) => {
    const [la, ka] = a.split(':').map(Number) as [number, number];
    const [lb, kb] = b.split(':').map(Number) as [number, number];
    return la - lb || ka - kb;
  });
}

describe('anchor buckets', () => {
  it('fit the kernel (at most 8) and accept every anchor of the marker needles', () => {
    const anchors = [...new Set(NEEDLE_TEXTS.map(([, text]) => text))].length;
    expect(anchors).toBe(18);
    for (const [, text] of NEEDLE_TEXTS) {
      const region = Buffer.from(`x ${text} y\n`, 'latin1');
      const matches: number[] = [];
      for (const at of referenceCandidates(MARKER_NEEDLES.tables, region, 0)) {
        MARKER_NEEDLES.forEachMatch(region, at, (_needle, start) => matches.push(start));
      }
      expect(matches).toContain(2);
    }
  });

  it('merges at no cost pairs that share a byte and a nibble, then the cheapest pairs', () => {
    const pair = (text: string): [number, number] => [text.charCodeAt(0), text.charCodeAt(1)];
    const buckets = groupAnchors(
      ['GY', 'LY', 'AY', 'VE', 'AX', 'JO', 'MO', 'za', 'RB', 'RN', 'EW', 'EQ', 'IP', 'MU'].map(pair),
    );
    expect(buckets).toHaveLength(8);
    const names = buckets.map(
      (b) =>
        `${[...b.first]
          .map((c) => String.fromCharCode(c))
          .sort()
          .join('')}>${[...b.second]
          .map((c) => String.fromCharCode(c))
          .sort()
          .join('')}`,
    );
    expect(names).toEqual(['AGL>XY', 'V>E', 'JM>O', 'z>a', 'R>BN', 'E>QW', 'I>P', 'M>U']);
  });

  it('refuses a needle whose anchor is not in it', () => {
    expect(() => new NeedleSet([{ text: 'ORBITAL', anchor: 'XY', kind: 0 }])).toThrow(/anchor "XY"/);
  });
});

describe('the SIMD kernel finds exactly the pairs its tables accept', () => {
  const kernel = new PairScanKernel(MARKER_NEEDLES);

  it.each(Object.keys(OUTPUT_EXPECTATIONS))('%s, copied and read in place', (relative) => {
    const bytes = load(relative).subarray(0, 2 << 20);
    expect(kernelCandidates(kernel, bytes)).toEqual(referenceCandidates(MARKER_NEEDLES.tables, bytes, 0));
    const area = kernel.readArea();
    bytes.copy(area);
    const inPlace = area.subarray(0, bytes.length);
    expect(kernelCandidates(kernel, inPlace, 17)).toEqual(
      referenceCandidates(MARKER_NEEDLES.tables, bytes, 17),
    );
  });

  it('random bytes, any start offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 3000 }), fc.nat(3000), (bytes, from) => {
        const region = Buffer.from(bytes);
        const start = Math.min(from, region.length);
        expect(kernelCandidates(kernel, region, start)).toEqual(
          referenceCandidates(MARKER_NEEDLES.tables, region, start),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('more candidates than its output area holds, in a region larger than its scratch area', () => {
    const lines = Buffer.from(
      'GYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGYGY\n',
    );
    const region = Buffer.concat(new Array<Buffer>(Math.ceil((1.5 * (1 << 20)) / lines.length)).fill(lines));
    const found = kernelCandidates(kernel, region);
    expect(found.length).toBeGreaterThan(500_000); // the output area holds 16 384
    expect(found).toEqual(referenceCandidates(MARKER_NEEDLES.tables, region, 0));
  });
});

describe('without WebAssembly the same scan runs in TypeScript', () => {
  it('SIMD is available here (the fast path is what the other tests exercise)', () => {
    expect(simdAvailable()).toBe(true);
  });

  it('finds the same candidates as the kernel, on every fixture and on random bytes', () => {
    const kernel = new PairScanKernel(MARKER_NEEDLES);
    const fallback = new PairScanFallback(MARKER_NEEDLES);
    for (const relative of Object.keys(OUTPUT_EXPECTATIONS)) {
      const bytes = load(relative).subarray(0, 1 << 20);
      expect(kernelCandidates(fallback, bytes)).toEqual(kernelCandidates(kernel, bytes));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat(2000), (bytes, from) => {
        const region = Buffer.from(bytes);
        const start = Math.min(from, region.length);
        expect(kernelCandidates(fallback, region, start)).toEqual(kernelCandidates(kernel, region, start));
      }),
      { numRuns: 200 },
    );
  });
});

describe('marker lines are those a line-by-line search finds', () => {
  it.each(Object.keys(OUTPUT_EXPECTATIONS))('%s', (relative) => {
    const bytes = load(relative);
    expect(kernelMarkers(bytes)).toEqual(referenceMarkers(bytes));
  });

  it('also by the TypeScript fallback', () => {
    const fallback = new PairScanFallback(MARKER_NEEDLES);
    for (const relative of Object.keys(OUTPUT_EXPECTATIONS)) {
      const bytes = load(relative);
      expect(kernelMarkers(bytes, fallback)).toEqual(referenceMarkers(bytes));
    }
  });

  it('random text made of needles, their pieces and line breaks', () => {
    const pieces = [
      ...NEEDLE_TEXTS.map(([, text]) => text),
      'GY',
      'VE',
      'AX',
      ' ',
      '\n',
      'ENERGY',
      'WARNINGS',
      'x',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 200 }), (parts) => {
        const region = Buffer.from(parts.join(''), 'latin1');
        expect(kernelMarkers(region)).toEqual(referenceMarkers(region));
        expect(kernelMarkers(region, new PairScanFallback(MARKER_NEEDLES))).toEqual(referenceMarkers(region));
      }),
      { numRuns: 300 },
    );
  });
});
