import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { InvalidJobSpecError } from './errors';

/**
 * Resolves a job directory given relative to the campaign root and proves it stays inside: `..`
 * escapes, absolute paths and symlinks pointing outside are refused. Parts that do not exist yet are
 * checked lexically below their deepest existing ancestor, whose real path must be inside the root.
 * Returns the real absolute path.
 */
export function resolveJobDir(campaignRoot: string, relative: string): string {
  if (typeof relative !== 'string' || relative.length === 0 || relative.includes('\0')) {
    throw new InvalidJobSpecError('job directory must be a non-empty relative path');
  }
  if (path.isAbsolute(relative)) {
    throw new InvalidJobSpecError(
      `job directory ${JSON.stringify(relative)} must be relative to the campaign root`,
    );
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(campaignRoot);
  } catch (error) {
    throw new InvalidJobSpecError(
      `campaign root ${campaignRoot} is not accessible: ${(error as Error).message}`,
    );
  }
  const lexical = path.resolve(realRoot, relative);
  if (!isStrictlyInside(realRoot, lexical)) {
    throw new InvalidJobSpecError(`job directory ${JSON.stringify(relative)} escapes the campaign root`);
  }
  const missing: string[] = [];
  let existing = lexical;
  for (;;) {
    try {
      const real = realpathSync(existing);
      const resolved = path.join(real, ...missing.reverse());
      if (!isStrictlyInside(realRoot, resolved)) {
        throw new InvalidJobSpecError(
          `job directory ${JSON.stringify(relative)} resolves outside the campaign root (symlink?)`,
        );
      }
      return resolved;
    } catch (error) {
      if (error instanceof InvalidJobSpecError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(path.basename(existing));
      existing = path.dirname(existing);
    }
  }
}

/** resolveJobDir, then creates the directory and checks again (a symlink may have appeared). */
export function ensureJobDir(campaignRoot: string, relative: string): string {
  const resolved = resolveJobDir(campaignRoot, relative);
  mkdirSync(resolved, { recursive: true });
  const again = resolveJobDir(campaignRoot, relative);
  if (again !== resolved) {
    throw new InvalidJobSpecError(`job directory ${JSON.stringify(relative)} changed while it was created`);
  }
  return again;
}

function isStrictlyInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * mkdir -p, one level at a time. Not `mkdirSync(dir, { recursive: true })`: Node 20's native
 * recursive mkdir loops forever, ignoring signals, under a parent that exists but cannot hold new
 * entries (e.g. /proc). Throws the first real error instead.
 */
export function ensureDirectoryTree(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!existsSync(current)) {
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const directory of missing.reverse()) {
    try {
      mkdirSync(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
