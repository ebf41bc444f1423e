import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { SRC } from './source-files';

export interface RestrictedImportPattern {
  group?: string[];
  regex?: string;
  allowTypeImports?: boolean;
  message?: string;
}

const REPO = path.dirname(SRC);

// eslint.config.mjs is an ES module: a child Node process loads it the way `npm run lint` does.
function fromChildNode(script: string, args: string[] = []): unknown {
  const output = execFileSync(process.execPath, ['-e', script, ...args], { cwd: REPO, encoding: 'utf8' });
  return JSON.parse(output);
}

/** The room lists the layering rules of eslint.config.mjs are built from. */
export function lintedRooms(): { cores: string[]; appRooms: string[] } {
  const config = path.join(REPO, 'eslint.config.mjs');
  return fromChildNode(`
    const { pathToFileURL } = require('node:url');
    import(pathToFileURL(${JSON.stringify(config)}).href).then(({ CORES, APP_ROOMS }) =>
      process.stdout.write(JSON.stringify({ cores: CORES, appRooms: APP_ROOMS })));
  `) as { cores: string[]; appRooms: string[] };
}

/** The no-restricted-imports patterns ESLint applies to each file (paths relative to the repository). */
export function lintedImportPatterns(files: string[]): Record<string, RestrictedImportPattern[]> {
  return fromChildNode(
    `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint();
      const patterns = {};
      for (const file of process.argv.slice(1)) {
        const rule = (await eslint.calculateConfigForFile(file)).rules['@typescript-eslint/no-restricted-imports'];
        patterns[file] = (Array.isArray(rule) && rule[1] && rule[1].patterns) || [];
      }
      process.stdout.write(JSON.stringify(patterns));
    })();
  `,
    files,
  ) as Record<string, RestrictedImportPattern[]>;
}
