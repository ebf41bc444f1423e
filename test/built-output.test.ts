import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../src/paths';
import { assertBuilt } from './harness/processes';

/** Build outputs that have no file of their own under src/. */
const GENERATED = new Set(['workflow-bundle.js']);
const OTHER_BUILDS = new Set(['bench', 'bench-parse']);

function builtModules(dir: string, relative = ''): string[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const name = path.join(relative, entry.name);
    if (entry.isDirectory()) return OTHER_BUILDS.has(name) ? [] : builtModules(dir, name);
    return entry.name.endsWith('.js') && !GENERATED.has(name) ? [name] : [];
  });
}

// Job scripts and workers run dist/: a module left there by an older build (e.g. orca-format.js after
// it became orca-format/index.ts) is loaded instead of the new one, and every job failed.
describe('the build output', () => {
  it('holds no module without a source file (nothing stale shadows a new module)', () => {
    assertBuilt();
    const dist = path.join(REPO_ROOT, 'dist');
    const stale = builtModules(dist).filter(
      (file) => !existsSync(path.join(REPO_ROOT, 'src', file.replace(/\.js$/, '.ts'))),
    );
    expect(stale).toEqual([]);
  });
});
