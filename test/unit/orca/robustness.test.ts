import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  OrcaOutputAnalyzer,
  analyzeOrcaOutputSync,
  parseFile,
  type OrcaOutputReport,
} from '../../../src/orca';
import { HEALTHY_OUTPUTS, OUTPUTS, fixture } from './fixture-paths';

function load(relative: string): Buffer {
  const bytes = readFileSync(fixture(relative));
  return relative.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

const TERMINATION = Buffer.from('ORCA TERMINATED NORMALLY');
const HOUR = 3_600_000;

/** Offsets just after every newline: the output as it looked after each line ORCA wrote. */
function lineEnds(bytes: Buffer): number[] {
  const ends: number[] = [];
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) ends.push(at + 1);
  return ends;
}

function withTimeLimit<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (hang?)`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

describe('a healthy run cut at any line is running (or timeout when stale), never failed', () => {
  it.each([
    ['ORCA 6.1 optimization', OUTPUTS.amoOpt61],
    ['ORCA 4.2 optimization', OUTPUTS.dvbOpt42],
    ['ORCA 4.2 frequencies with UCX ERROR lines', OUTPUTS.autodeHess],
  ])('%s: every line', (_name, relative) => {
    const bytes = load(relative);
    const terminationAt = bytes.indexOf(TERMINATION);
    const now = Date.UTC(2026, 0, 1);
    let checked = 0;
    for (const end of lineEnds(bytes)) {
      const stale = checked % 2 === 1;
      const { verdict } = analyzeOrcaOutputSync(bytes.subarray(0, end), {
        mtime: now - (stale ? 7 : 1) * HOUR,
        now,
      });
      const expected = end > terminationAt + TERMINATION.length ? 'completed' : stale ? 'timeout' : 'running';
      if (verdict.status !== expected) {
        throw new Error(
          `cut after byte ${end}: ${verdict.status}/${verdict.reason} (${verdict.detail}), expected ${expected}`,
        );
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('every healthy fixture cut at a random byte (mid-line too)', () => {
    const outputs = HEALTHY_OUTPUTS.map(load);
    fc.assert(
      fc.property(
        fc.nat(outputs.length - 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (which, fraction) => {
          const bytes = outputs[which] as Buffer;
          const cut = Math.floor(fraction * bytes.length);
          const { verdict } = analyzeOrcaOutputSync(bytes.subarray(0, cut));
          const terminated = bytes.subarray(0, cut).includes(TERMINATION);
          expect(verdict.status).toBe(terminated ? 'completed' : 'running');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('chunking does not change the result', () => {
  it('any split of an output into chunks gives the same verdict and metrics', () => {
    const bytes = load(OUTPUTS.fe3Opt);
    const whole = analyzeOrcaOutputSync(bytes);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 200_000 }), { minLength: 1, maxLength: 30 }),
        (sizes) => {
          const analyzer = new OrcaOutputAnalyzer();
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const size = sizes[i % sizes.length] as number;
            analyzer.push(Buffer.from(bytes.subarray(at, at + size)));
            at += size;
          }
          expect(analyzer.finish()).toEqual(whole);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('reading a large file', () => {
  it('gives what the same bytes in memory give: chunks read ahead into two kernel areas, lines across chunks', async () => {
    // ~9.6 MB: five 2 MiB reads, lines cut at every chunk boundary, the kernel's areas reused in turn
    const bytes = Buffer.concat(new Array<Buffer>(6).fill(load(OUTPUTS.fe3Opt)));
    const dir = mkdtempSync(path.join(tmpdir(), 'orca-large-'));
    try {
      const file = path.join(dir, 'big.out');
      writeFileSync(file, bytes);
      const parsed = await parseFile(file, { now: Date.now() });
      if (parsed.kind !== 'output') throw new Error(`not an output: ${parsed.kind}`);
      const inMemory = analyzeOrcaOutputSync(bytes);
      expect(parsed.verdict).toEqual(inMemory.verdict);
      expect(parsed.metrics).toEqual(inMemory.metrics);
      expect(parsed.metrics.energyEvaluations).toBe(6 * 27);
      expect(parsed.metrics.properties.frequencies?.modes).toBe(39);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('damaged input never throws and never hangs', () => {
  const healthy = load(OUTPUTS.dvbOpt60);

  function expectWellFormed(report: OrcaOutputReport): void {
    expect(['completed', 'failed', 'timeout', 'running']).toContain(report.verdict.status);
    expect(typeof report.verdict.detail).toBe('string');
  }

  it('random byte flips', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(healthy.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 50 }),
        (flips) => {
          const damaged = Buffer.from(healthy);
          for (const [at, value] of flips) damaged[at] = value;
          expectWellFormed(analyzeOrcaOutputSync(damaged));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('random binary is failed/unreadable once there is enough of it to judge', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 20_000 }), (bytes) => {
        const report = analyzeOrcaOutputSync(Buffer.from(bytes));
        expectWellFormed(report);
        if (bytes.length >= 2048)
          expect(report.verdict).toMatchObject({ status: 'failed', reason: 'unreadable' });
      }),
      { numRuns: 200 },
    );
  });

  describe('files', () => {
    let scratch: string;
    beforeAll(() => {
      scratch = mkdtempSync(path.join(tmpdir(), 'orca-fuzz-'));
    });
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('a gzip cut mid-stream is failed/unreadable with a clear message', async () => {
      const gz = gzipSync(healthy);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: gz.length - 1 }), async (cut) => {
          const file = path.join(scratch, `cut-${n++}.out.gz`);
          writeFileSync(file, gz.subarray(0, cut));
          const parsed = await withTimeLimit(parseFile(file), 5_000);
          expect(parsed.verdict).toMatchObject({ status: 'failed', reason: 'unreadable' });
          if (cut >= 2) expect(parsed.verdict?.detail).toMatch(/unexpected end of file/i);
        }),
        { numRuns: 40 },
      );
    });

    it('gzip with corrupted bytes or random binary files resolve without throwing', async () => {
      const gz = gzipSync(healthy);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc
              .array(
                fc.tuple(fc.integer({ min: 10, max: gz.length - 1 }), fc.integer({ min: 0, max: 255 })),
                { minLength: 1, maxLength: 20 },
              )
              .map((flips) => {
                const damaged = Buffer.from(gz);
                for (const [at, value] of flips) damaged[at] = value;
                return damaged;
              }),
            fc.uint8Array({ maxLength: 50_000 }).map((bytes) => Buffer.from(bytes)),
          ),
          async (bytes) => {
            const file = path.join(scratch, `damaged-${n++}.out.gz`);
            writeFileSync(file, bytes);
            const parsed = await withTimeLimit(parseFile(file), 5_000);
            expect(parsed.verdict).not.toBeNull();
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});

describe('memory stays bounded whatever the output size', () => {
  it('a 300 MB stream of optimization cycles keeps the heap flat and the counts exact', () => {
    const text = load(OUTPUTS.fe3Opt).toString('latin1');
    const start = text.indexOf('GEOMETRY OPTIMIZATION CYCLE   2');
    const end = text.indexOf('GEOMETRY OPTIMIZATION CYCLE   3');
    const cycle = Buffer.from(
      text.slice(text.lastIndexOf('\n', start) + 1, text.lastIndexOf('\n', end) + 1),
      'latin1',
    );
    const repeats = Math.ceil(300e6 / cycle.length);
    const analyzer = new OrcaOutputAnalyzer();
    const baseline = process.memoryUsage();
    let peak = 0;
    for (let i = 0; i < repeats; i++) {
      analyzer.push(cycle);
      if (i % 50 === 0)
        peak = Math.max(peak, process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers);
    }
    const { metrics } = analyzer.finish();
    const growthMb = (peak - baseline.heapUsed - baseline.arrayBuffers) / 1e6;
    expect(growthMb).toBeLessThan(64);
    expect(metrics.energyEvaluations).toBe(repeats);
    expect(metrics.optimization.cycles).toBe(repeats);
    expect(metrics.optimization.maxGradientPerCycleEhBohr.length).toBeLessThanOrEqual(10_000);
  });
});
