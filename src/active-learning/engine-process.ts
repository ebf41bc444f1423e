import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { REPO_ROOT } from '../paths';
import type { EngineRole } from './engine-contract';
import { EngineError } from './engine-errors';
import type { EngineConfig } from './input';

/** The built-in engines, run as `node <this> <role> <request.json>` (built by `npm run build`). */
export const BUILTIN_ENGINE_CLI = path.join(REPO_ROOT, 'dist/active-learning/engine-cli.js');

/** argv of an engine without its request file: the configured command, or the built-in engines. */
export function engineCommand(
  engine: EngineConfig,
  role: EngineRole,
  builtinCli = BUILTIN_ENGINE_CLI,
): string[] {
  if (engine.command) return engine.command;
  if (!existsSync(builtinCli)) {
    throw new EngineError(
      'EngineNotBuilt',
      `the built-in engines are not built (${builtinCli} is missing): run \`npm run build\``,
    );
  }
  return [process.execPath, builtinCli, role];
}

/**
 * Runs the engine as a child of this process in `dir`: argv, never a shell string. Its stdout and
 * stderr go to `logFile`; a non-zero exit throws `EngineFailed` quoting the end of its output.
 */
export async function runEngineProcess(
  argv: readonly string[],
  dir: string,
  logFile: string,
  signal?: AbortSignal,
): Promise<void> {
  const [program, ...args] = argv;
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      program!,
      args,
      { cwd: dir, signal, maxBuffer: 64 * 1024 * 1024, env: process.env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
  await writeFile(logFile, `${result.stdout}${result.stderr}`);
  if (result.code !== 0) {
    throw new EngineError(
      'EngineFailed',
      `engine ${path.basename(program!)} exited with ${result.code}: ${tail(result.stderr || result.stdout)}`,
    );
  }
}

function tail(text: string): string {
  const lines = text.trim().split('\n');
  return lines.slice(-5).join(' | ').slice(-1000);
}
