import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../../..');
const CLI = path.join(REPO, 'src/simulator/cli.ts');

/**
 * Runs the CLI from the TypeScript sources in a child Node (no build step): a require hook
 * compiles .ts files with @swc/core, which jest already uses.
 */
const BOOTSTRAP = `
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const options = { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
  module._compile(transformSync(fs.readFileSync(filename, 'utf8'), options).code, filename);
};
require(${JSON.stringify(CLI)})
  .main([process.argv[0], ${JSON.stringify(CLI)}, ...process.argv.slice(1)])
  .then((code) => { process.exitCode = code; });
`;

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to the first stdout byte, and to exit. */
  firstOutputMs: number;
  exitMs: number;
}

/** `orcasim <args>`; `onOutput` sees stdout so far and may kill the child. */
export function orcasim(
  args: string[],
  env: Record<string, string> = {},
  onOutput?: (stdout: string, kill: () => void) => void,
): Promise<Finished> {
  const started = Date.now();
  const child = spawn(process.execPath, ['-e', BOOTSTRAP, ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let firstOutputMs = -1;
  child.stdout.on('data', (chunk: Buffer) => {
    if (firstOutputMs < 0) firstOutputMs = Date.now() - started;
    stdout += chunk.toString();
    onOutput?.(stdout, () => child.kill('SIGTERM'));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout, stderr, firstOutputMs, exitMs: Date.now() - started }),
    );
  });
}
