import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Options } from './options';
import { heading, log } from './report';
import { ROOT } from './repo-paths';

const run = promisify(execFile);

export async function parserBench(sizeMb: number): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'bench:parse', '--', '--size-mb', String(sizeMb)], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/** Section 5: the `npm run bench:parse` report. */
export async function parserSection(options: Options): Promise<string[]> {
  const lines = heading('5. ORCA parser vs grep (`npm run bench:parse`)');
  log(`parser: ${options.parseSizeMb} MB`);
  const text = await parserBench(options.parseSizeMb);
  lines.push('```', text, '```');
  return lines;
}
