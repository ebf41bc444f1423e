import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { finalGeometryOf } from '../../../src/jobs/step-geometry';

const MB = 1 << 20;

function block(z: number): string {
  return [
    'CARTESIAN COORDINATES (ANGSTROEM)',
    '---------------------------------',
    `  O      0.000000    0.000000    ${z.toFixed(6)}`,
    '  H      0.757000    0.586000    0.000000',
    '',
    '',
  ].join('\n');
}

/** An attempt directory whose job.out is `text` (no job.xyz: the output is read). */
function attemptWith(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'step-geometry-'));
  writeFileSync(path.join(dir, 'job.out'), text);
  return dir;
}

describe('the last geometry of a large output', () => {
  it('is found reading backwards: the last block before megabytes of other output', () => {
    const filler = (bytes: number) => `${'x'.repeat(99)}\n`.repeat(Math.ceil(bytes / 100));
    const dir = attemptWith(block(1) + filler(5 * MB) + block(2) + filler(9 * MB));
    expect(finalGeometryOf(dir)?.xyz).toMatch(/^O\s+0\.0+\s+0\.0+\s+2\.0+$/m);
  });

  it('is found when its title straddles two read windows', () => {
    // a title starting 10 bytes before the last 4 MB window
    const tail = block(3);
    const padding = 4 * MB + 10 - tail.length;
    const dir = attemptWith(block(1) + 'y'.repeat(3 * MB) + '\n' + tail + ' '.repeat(padding));
    expect(finalGeometryOf(dir)?.xyz).toMatch(/^O\s+0\.0+\s+0\.0+\s+3\.0+$/m);
  });
});
