import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';

function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src', 'orca'))) return dir;
  }
  throw new Error('cannot find the repository root');
}
export const ROOT = repoRoot();
const COMPILED_ROOT = path.resolve(__dirname, '../..'); // dist/bench: src/ is compiled next to bench/

/**
 * src/ is compiled under dist/bench, and some modules find files relative to themselves: job scripts
 * call <compiled src>/../../bin/orcastrate, the migration runner reads ../../migrations, the production
 * server runs ../../.tools/bin/temporal-server with ../../deploy. Link them.
 */
export function linkBinAndCli(): void {
  for (const dir of ['bin', 'migrations', '.tools', 'deploy']) {
    const link = path.join(COMPILED_ROOT, dir);
    // a link already made counts even when its target is missing (e.g. .tools before `npm run setup`)
    if (!existsSync(link) && !isSymbolicLink(link)) symlinkSync(path.join(ROOT, dir), link);
  }
  process.env.TEMPORAL_CLI ??= path.join(ROOT, '.tools/bin/temporal');
}

function isSymbolicLink(file: string): boolean {
  return lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

export const ORCASIM = path.join(ROOT, 'bin/orcasim');
export const WORKFLOW_BUNDLE = path.join(ROOT, 'dist/workflow-bundle.js');
export const WORKER_MAIN = path.join(ROOT, 'dist/workers/main.js');
