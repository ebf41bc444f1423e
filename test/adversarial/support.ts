import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

export const BUILT_CLI = path.join(REPO_ROOT, 'dist/client/cli.js');
export const BUILT_WORKER = path.join(REPO_ROOT, 'dist/workers/main.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
  /** true when the process had to be killed at the deadline */
  killed: boolean;
}

/**
 * Runs `node script ...args` with exactly `env` (plus PATH) and waits for it to end; SIGKILLs it at
 * the deadline so a process that hangs fails the test instead of stalling it.
 */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  deadlineMs = 20_000,
): Promise<Finished> {
  const started = Date.now();
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, deadlineMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started, killed });
    });
  });
}

/** A password that appears nowhere else, so finding it in output can only mean a leak. */
export function uniquePassword(): string {
  return `pw-${Math.random().toString(36).slice(2, 10)}-secret`;
}

/** The harness database URL with a password added (local Postgres uses trust auth and ignores it). */
export function withPassword(databaseUrl: string, password: string): string {
  const url = new URL(databaseUrl);
  url.password = password;
  return url.toString();
}

export async function waitFor(
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The ApplicationFailure a workflow failed with (its type and message), or a test failure. */
export async function workflowFailure(result: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await result;
  } catch (error) {
    if (error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure) return error.cause;
    throw error;
  }
  throw new Error('the workflow completed, but it should have failed');
}
