import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { logSince } from '../../harness/processes';

describe('reading what a worker log got since a restart', () => {
  it('counts the offset in bytes, so multi-byte text before it does not hide the new lines', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-log-')), 'worker.log');
    writeFileSync(
      file,
      'row-000007 ended failed: error-termination · ORCA module GTOInt · 1 attempt\n'.repeat(40),
    );
    const offset = readFileSync(file).length;
    appendFileSync(file, 'orcastrate worker: task queue q on 127.0.0.1:7233\n');
    expect(logSince(file, offset)).toBe('orcastrate worker: task queue q on 127.0.0.1:7233\n');
  });
});
