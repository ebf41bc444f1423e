import { spawn } from 'node:child_process';

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

// Teaches a plain node process to load our TypeScript (compiled by @swc/core, as jest does), then runs
// the file given as its first argument: process.argv looks exactly like `node file.ts args...`.
const LOAD_TYPESCRIPT = `
const { transformSync } = require('@swc/core');
const fs = require('node:fs');
const path = require('node:path');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(path.resolve(process.argv[1]));
`;

/** Runs a TypeScript file in a fresh node process (so it can die for real) and collects its output. */
export function runTsChild(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', LOAD_TYPESCRIPT, file, ...args], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
