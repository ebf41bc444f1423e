import { existsSync, symlinkSync } from 'node:fs';
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
    if (!existsSync(path.join(COMPILED_ROOT, dir)))
      symlinkSync(path.join(ROOT, dir), path.join(COMPILED_ROOT, dir));
  }
  process.env.TEMPORAL_CLI ??= path.join(ROOT, '.tools/bin/temporal');
}

export const ORCASIM = path.join(ROOT, 'bin/orcasim');
export const WORKFLOW_BUNDLE = path.join(ROOT, 'dist/workflow-bundle.js');
