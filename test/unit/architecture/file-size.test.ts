import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, typeScriptFiles } from './source-files';

const MAX_LINES = 300;

/** Lines as `wc -l` counts them, plus a last line that lacks its newline. */
function lineCount(text: string): number {
  const newlines = text.split('\n').length - 1;
  return text.length === 0 || text.endsWith('\n') ? newlines : newlines + 1;
}

function oversized(files: string[], read: (file: string) => string): string[] {
  return files.flatMap((file) => {
    const lines = lineCount(read(file));
    return lines > MAX_LINES ? [`${file}: ${lines} lines`] : [];
  });
}

describe('file size', () => {
  it('counts lines like wc -l, an unterminated last line included', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
  });

  it(`reports a file of more than ${MAX_LINES} lines`, () => {
    const texts: Record<string, string> = {
      'long.ts': 'x\n'.repeat(MAX_LINES + 1),
      'ok.ts': 'x\n'.repeat(MAX_LINES),
    };
    expect(oversized(Object.keys(texts), (file) => texts[file] ?? '')).toEqual([
      `long.ts: ${MAX_LINES + 1} lines`,
    ]);
  });

  it(`keeps every .ts file under src/, test/ and bench/ at ${MAX_LINES} lines or fewer`, () => {
    const files = typeScriptFiles('src', 'test', 'bench');
    for (const folder of ['src/', 'test/', 'bench/']) {
      expect(files.some((file) => file.startsWith(folder))).toBe(true);
    }
    expect(oversized(files, (file) => readFileSync(path.join(REPO_ROOT, file), 'utf8'))).toEqual([]);
  });
});
