import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { markerLines } from './marker-line-pieces';
import { plainFinalEnergy, plainScfCycles, plainTableMaxGradient } from '../../../src/orca/line-scan';
import { OUTPUT_EXPECTATIONS } from './fixture-expectations';
import { fixture } from './fixture-paths';

// The regular expressions the hand-written scans stand in for (those of marker-tally.ts).
const NUMBER = String.raw`(-?\d+\.\d+(?:[Ee][-+]?\d+)?)`;
const FSPE = new RegExp(String.raw`^\s*FINAL SINGLE POINT ENERGY\s*(?:\(([^)]*)\))?\s+${NUMBER}(.*)$`);
const SCF_CONVERGED = /SCF CONVERGED AFTER\s+(\d+)\s+CYCLES/;
const TABLE_MAX_GRADIENT = new RegExp(String.raw`^\s+MAX gradient\s+${NUMBER}\s+${NUMBER}\s+(?:YES|NO)\s*$`);

/** A plain scan either declines (undefined) or captures exactly what the regex captures. */
function expectSameAsRegex(line: string): void {
  const energy = plainFinalEnergy(line);
  if (energy) {
    const match = FSPE.exec(line);
    expect([match?.[1], match?.[2], match?.[3]]).toEqual([undefined, energy.energy, energy.rest]);
  }
  const cycles = plainScfCycles(line);
  if (cycles !== undefined) expect(SCF_CONVERGED.exec(line)?.[1]).toBe(cycles);
  const gradient = plainTableMaxGradient(line);
  if (gradient !== undefined) expect(TABLE_MAX_GRADIENT.exec(line)?.[1]).toBe(gradient);
}

describe('the hand-written scans of the per-cycle lines agree with their regular expressions', () => {
  const lines = Object.keys(OUTPUT_EXPECTATIONS).flatMap((relative) => {
    const bytes = readFileSync(fixture(relative));
    const text = (relative.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1');
    return text.split('\n').filter((l) => /FINAL SINGLE|SCF CONVERGED AFTER|MAX gradient/.test(l));
  });

  it('on every such line of the fixtures, and they take the fast path on the plain ones', () => {
    expect(lines.length).toBe(499);
    for (const line of lines) expectSameAsRegex(line);
    // ORCA prints them plainly: the regex is the exception, not the rule
    const plain = lines.filter(
      (l) =>
        plainFinalEnergy(l) !== undefined ||
        plainScfCycles(l) !== undefined ||
        plainTableMaxGradient(l) !== undefined,
    );
    expect(plain.length / lines.length).toBeGreaterThan(0.6);
    expect(plainFinalEnergy('FINAL SINGLE POINT ENERGY      -670.534993289315')).toEqual({
      energy: '-670.534993289315',
      rest: '',
    });
    expect(plainScfCycles('               *           SCF CONVERGED AFTER  32 CYCLES          *')).toBe('32');
    expect(
      plainTableMaxGradient('          MAX gradient        0.0001982678            0.0003000000      YES'),
    ).toBe('0.0001982678');
  });

  it('on lines made of their pieces in any order', () => {
    fc.assert(fc.property(markerLines(['+', '(QM/QM2)']), expectSameAsRegex), { numRuns: 3000, seed: 42 });
  });
});
