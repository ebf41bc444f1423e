import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { analyzeOrcaOutputSync, OrcaOutputAnalyzer } from '../../src/orca';
import { OUTPUT_EXPECTATIONS } from '../unit/orca/fixture-expectations';
import { fixture } from '../unit/orca/fixture-paths';
import { fuzzParameters } from './fuzz-parameters';

const OUTPUTS = Object.keys(OUTPUT_EXPECTATIONS).map((relative) => {
  const bytes = readFileSync(fixture(relative));
  return relative.endsWith('.gz') ? gunzipSync(bytes) : bytes;
});

describe('the ORCA parser, on real outputs cut and mixed at random', () => {
  it('gives the same verdict, metrics and properties however the bytes are split into chunks', () => {
    const parameters = fuzzParameters('orca parser: chunking', { seed: 300, numRuns: 60 });
    fc.assert(
      fc.property(
        fc.nat(OUTPUTS.length - 1),
        fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 20 }),
        (which, sizes) => {
          const bytes = OUTPUTS[which]!;
          const analyzer = new OrcaOutputAnalyzer();
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = sizes[i % sizes.length]!;
            analyzer.push(Buffer.from(bytes.subarray(at, at + size)));
            at += size;
          }
          expect(analyzer.finish()).toEqual(analyzeOrcaOutputSync(bytes));
        },
      ),
      parameters,
    );
  });

  it('reads any splice of outputs (sections cut off, blocks unterminated) without throwing', () => {
    const parameters = fuzzParameters('orca parser: splices', { seed: 301, numRuns: 200 });
    const piece = fc
      .tuple(fc.nat(OUTPUTS.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(20_000))
      .map(([which, start, length]) => {
        const bytes = OUTPUTS[which]!;
        const from = Math.floor(start * bytes.length);
        return bytes.subarray(from, from + length);
      });
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const report = analyzeOrcaOutputSync(Buffer.concat(pieces));
        expect(['completed', 'failed', 'timeout', 'running']).toContain(report.verdict.status);
        const p = report.metrics.properties;
        expect(p.warnings.count).toBeGreaterThanOrEqual(p.warnings.messages.length);
        if (p.frequencies) expect(p.frequencies.modes).toBeGreaterThanOrEqual(p.frequencies.imaginaryModes);
      }),
      parameters,
    );
  });
});
