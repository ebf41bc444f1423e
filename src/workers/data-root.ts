import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { ConfigError } from '../config';

/** A stat that never answers (a hung network file system) must not hang the worker's start. */
const CHECK_TIMEOUT_MS = 15_000;

class Problem extends Error {}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function explain(error: unknown, action: string): Problem {
  if (error instanceof Problem) return error;
  const code = codeOf(error);
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code === 'ENOTDIR'
          ? 'a component of the path is a file, not a directory'
          : code === 'ENOSPC' || code === 'EDQUOT'
            ? 'no space left (or quota exceeded)'
            : (code ?? (error as Error).message);
  return new Problem(`${action}: ${reason}`);
}

/**
 * Creates `dir` and its missing parents one level at a time. Not `mkdir({ recursive: true })`:
 * Node 20's native recursive mkdir loops forever (ENOENT on the child, EEXIST on the parent) under
 * a parent that exists but cannot hold new entries, such as /proc or a dangling symbolic link.
 */
async function ensureDirectory(dir: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(dir)).isDirectory();
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw explain(error, `cannot inspect ${dir}`);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Problem(`${dir} does not exist`);
    await ensureDirectory(parent);
    try {
      await mkdir(dir);
    } catch (mkdirError) {
      const code = codeOf(mkdirError);
      if (code === 'EEXIST' && (await isSymbolicLink(dir))) {
        throw new Problem(`${dir} is a symbolic link to a missing target`);
      }
      // created meanwhile by someone else: fine if it is a directory (stat once more, no retry loop)
      if (code === 'EEXIST' && (await stat(dir).catch(() => undefined))?.isDirectory()) return;
      if (code === 'EEXIST') throw new Problem(`${dir} exists but is not a directory`);
      if (code === 'ENOENT') {
        throw new Problem(`cannot create ${dir}: ${parent} does not accept new directories`);
      }
      throw explain(mkdirError, `cannot create ${dir}`);
    }
    return;
  }
  if (!isDirectory) throw new Problem(`${dir} exists but is not a directory`);
}

async function isSymbolicLink(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined))?.isSymbolicLink() ?? false;
}

/** Writing is what job directories need: proven by a probe file, then removed. */
async function proveWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.orcastrate-write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx');
    try {
      await handle.writeFile('orcastrate data root write probe\n');
    } finally {
      await handle.close();
    }
  } catch (error) {
    await unlink(probe).catch(() => undefined);
    throw explain(error, `${dir} is not writable`);
  }
  try {
    await unlink(probe);
  } catch (error) {
    throw explain(error, `cannot remove the probe file ${probe}`);
  }
}

/**
 * Makes sure the data root is a writable directory, creating it (and its parents) if missing.
 * Throws a ConfigError naming ORCASTRATE_DATA_ROOT and the path.
 */
export async function checkDataRoot(dataRoot: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Problem(`no answer from the file system within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([ensureDirectory(dataRoot).then(() => proveWritable(dataRoot)), timeout]);
  } catch (error) {
    const problem = explain(error, 'cannot use it');
    throw new ConfigError([`ORCASTRATE_DATA_ROOT=${JSON.stringify(dataRoot)}: ${problem.message}`]);
  } finally {
    clearTimeout(timer);
  }
}
