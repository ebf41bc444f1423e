import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { markerLines } from './marker-line-pieces';
import { decimalValue, finalEnergyAt, scfCyclesAt, tableMaxGradientAt } from '../../../src/orca/line-bytes';
import { plainFinalEnergy, plainScfCycles, plainTableMaxGradient } from '../../../src/orca/line-scan';
import { OUTPUT_EXPECTATIONS } from './fixture-expectations';
import { fixture } from './fixture-paths';

/** The line placed inside other bytes, as in a region: [lineStart, lineEnd) of the result. */
function inRegion(line: string): [Buffer, number, number] {
  const bytes = Buffer.from(`junk 1.5\n${line}\n-2.25 YES\n`, 'latin1');
  return [bytes, 9, 9 + Buffer.byteLength(line, 'latin1')];
}

/** A byte reader either declines (undefined) or gives what the string reader, then Number(), gives. */
function expectSameAsStrings(line: string): void {
  const energy = finalEnergyAt(...inRegion(line));
  if (energy !== undefined) {
    const plain = plainFinalEnergy(line);
    expect(plain?.rest).toBe('');
    expect(Object.is(energy, Number(plain?.energy))).toBe(true);
  }
  const cycles = scfCyclesAt(...inRegion(line));
  if (cycles !== undefined) {
    expect(line.includes('NOT CONVERGED')).toBe(false);
    expect(cycles).toBe(Number(plainScfCycles(line)));
  }
  const gradient = tableMaxGradientAt(...inRegion(line));
  if (gradient !== undefined) {
    expect(line.startsWith('M')).toBe(false);
    expect(Object.is(gradient, Number(plainTableMaxGradient(line)))).toBe(true);
  }
}

describe('the byte readers of the per-cycle lines agree with the string readers', () => {
  const lines = Object.keys(OUTPUT_EXPECTATIONS).flatMap((relative) => {
    const bytes = readFileSync(fixture(relative));
    const text = (relative.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1');
    return text.split('\n').filter((l) => /FINAL SINGLE|SCF CONVERGED AFTER|MAX gradient/.test(l));
  });

  it('on every such line of the fixtures, and read most of them', () => {
    for (const line of lines) expectSameAsStrings(line);
    const read = lines.filter(
      (l) =>
        finalEnergyAt(...inRegion(l)) !== undefined ||
        scfCyclesAt(...inRegion(l)) !== undefined ||
        tableMaxGradientAt(...inRegion(l)) !== undefined,
    );
    expect(read.length / lines.length).toBeGreaterThan(0.6);
    expect(finalEnergyAt(...inRegion('FINAL SINGLE POINT ENERGY      -670.534993289315'))).toBe(
      -670.534993289315,
    );
    expect(scfCyclesAt(...inRegion('     *     SCF CONVERGED AFTER  32 CYCLES     *'))).toBe(32);
    expect(tableMaxGradientAt(...inRegion('   MAX gradient   0.0001982678   0.0003000000   NO'))).toBe(
      0.0001982678,
    );
  });

  it('decline lines in other shapes', () => {
    for (const line of [
      'FINAL SINGLE POINT ENERGY      -670.534993289315 (SCF not fully converged!)',
      'FINAL SINGLE POINT ENERGY (QM/QM2)  -670.53',
      'FINAL SINGLE POINT ENERGY      -6.7E+02',
      'FINAL SINGLE POINT ENERGY      -670.53\r',
      ' FINAL SINGLE POINT ENERGY      -670.53',
    ]) {
      expect(finalEnergyAt(...inRegion(line))).toBeUndefined();
    }
    expect(scfCyclesAt(...inRegion('  * SCF CONVERGED AFTER 3 CYCLES * SCF NOT CONVERGED'))).toBeUndefined();
    expect(scfCyclesAt(...inRegion('  SCF CONVERGED AFTER 3 CYCLES\r'))).toBeUndefined();
    expect(tableMaxGradientAt(...inRegion('MAX gradient   0.0001   0.0003   NO'))).toBeUndefined();
    expect(tableMaxGradientAt(...inRegion('  MAX gradient   1.0e-05   0.0003   NO'))).toBeUndefined();
  });

  it('on lines made of their pieces in any order', () => {
    fc.assert(fc.property(markerLines(['SCF NOT CONVERGED AFTER', '0.5', '-12.125']), expectSameAsStrings), {
      numRuns: 5000,
      seed: 7,
    });
  });
});

describe('decimalValue is Number() of the text', () => {
  const check = (text: string): void => {
    const bytes = Buffer.from(`x${text}y`, 'latin1');
    expect(Object.is(decimalValue(bytes, 1, 1 + text.length), Number(text))).toBe(true);
  };

  it('on ORCA-like and edge values', () => {
    for (const text of [
      '-670.534993289315',
      '-0.000',
      '0.0',
      '9007199254740991.5',
      '90071992547409915.0',
      '1.00000000000000000000001',
      '0.1234567890123456789012345',
      '123',
      '007',
    ]) {
      check(text);
    }
  });

  it('on random decimals', () => {
    const digits = fc
      .array(fc.constantFrom(...'0123456789'), { minLength: 1, maxLength: 20 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.boolean(), digits, digits, (negative, integer, fraction) => {
        check(`${negative ? '-' : ''}${integer}.${fraction}`);
      }),
      { numRuns: 20000, seed: 11 },
    );
  });
});
