import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config';

/**
 * What an API key may be: one line of visible ASCII (an `authorization: Bearer …` header value). The
 * job scripts' hook applies the same rule to the same file (src/schedulers/report-hook.ts).
 */
export const API_KEY_PATTERN = /^[!-~]+$/;

/**
 * The key in TEMPORAL_API_KEY_FILE: its first line, without a trailing CR. A missing, unreadable or
 * empty file and a key with spaces or control characters are a ConfigError naming the variable; the
 * message never quotes the file's content.
 */
export async function readApiKey(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not readable (permission denied)'
          : code === 'EISDIR'
            ? 'is a directory'
            : `cannot be read (${code ?? 'unknown error'})`;
    throw new ConfigError([`TEMPORAL_API_KEY_FILE=${JSON.stringify(file)}: the file ${why}`]);
  }
  const key = (text.split('\n', 1)[0] ?? '').replace(/\r$/, '');
  if (!API_KEY_PATTERN.test(key)) {
    throw new ConfigError([
      `TEMPORAL_API_KEY_FILE=${JSON.stringify(file)}: the file's first line must be the API key alone ` +
        '(visible ASCII characters, no spaces)',
    ]);
  }
  return key;
}
