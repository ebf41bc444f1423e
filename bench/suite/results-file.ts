import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { log } from './report';
import { ROOT } from './repo-paths';

/** Writes bench/RESULTS.md from this run's sections, keeping the hand-written notes at its end. */
export function writeResults(
  command: string,
  started: Date,
  sections: string[],
  out = 'bench/RESULTS.md',
): void {
  const header = [
    '# orcastrate benchmark results',
    '',
    `Produced by \`${command}\` on ${started.toISOString()} (${process.platform}, ${execFileSync('nproc', {
      encoding: 'utf8',
    }).trim()} cores, shared machine: compare the ratios, not the times).`,
    'Every figure below comes from this one run.',
  ];
  const file = path.resolve(ROOT, out);
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = previous.includes('<!-- notes -->') ? previous.slice(previous.indexOf('<!-- notes -->')) : '';
  writeFileSync(file, [...header, ...sections, '', notes].join('\n').trimEnd() + '\n');
  // `npm run lint` checks the file's formatting (aligned tables): a fresh run must pass it as written
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'prettier'), ['--write', file], { stdio: 'ignore' });
  log(`wrote ${file}`);
}
