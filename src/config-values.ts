/**
 * Checks of single configuration values that zod's built-ins cannot express: each returns a
 * problem in words (never repeating the value, which may hold a password) or undefined when fine.
 */

const MAX_PORT = 65_535;

// The port is not repeated: in a URL whose password holds an unencoded / it is part of the password.
function portProblem(port: string): string | undefined {
  if (!/^\d+$/.test(port)) return 'the port (after the host and ":") is not a number';
  const value = Number(port);
  if (value < 1 || value > MAX_PORT) return `the port is outside 1-${MAX_PORT}`;
  return undefined;
}

/** `host:port`, with IPv6 hosts in brackets: `[::1]:7233`. */
export function hostPortProblem(value: string): string | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):([^:]*)$/.exec(value);
  if (!match) return 'expected host:port, e.g. 127.0.0.1:7233';
  return portProblem(match[2] ?? '');
}

// scheme, then the authority up to the first / ? or #; userinfo ends at the authority's LAST @
const URL_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^/?#]*@)?(\[[^\]/?#]*\]|[^:/?#]*)(?::([^/?#]*))?/;

// An @ after a / ? or # that ended the authority early: most likely a password holding that
// character. After / or # (before any ?) it cannot be meant: it is never part of a database name.
const EARLY_END = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@]*[/?#][^@]*@/;
const MISPLACED_AT = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@]*[/#][^?@]*@/;
const ENCODE_HINT = 'percent-encode @ : / # ? in the user name and password (e.g. / as %2F, # as %23)';

function parseUrl(value: string): URL | undefined {
  for (const candidate of [value, value.replace('@/', '@localhost/')]) {
    try {
      return new URL(candidate);
    } catch {
      // pg itself accepts `user@/db` (empty host), hence the second candidate
    }
  }
  return undefined;
}

/** A postgres:// URL that pg can parse, with a valid port (if any) and a database name. */
export function postgresUrlProblem(value: string): string | undefined {
  if (!/^postgres(ql)?:\/\//i.test(value)) return 'expected a postgres:// or postgresql:// URL';
  const port = URL_AUTHORITY.exec(value)?.[2];
  const problem = port ? portProblem(port) : undefined;
  if (problem) return `${problem}${EARLY_END.test(value) ? `; ${ENCODE_HINT}` : ''}`;
  if (MISPLACED_AT.test(value)) return `an @ after the host part; ${ENCODE_HINT}`;
  const url = parseUrl(value);
  if (!url) return `not a valid URL; ${ENCODE_HINT}`;
  if (url.pathname.length <= 1) {
    return 'no database name: end the URL with /DATABASE, e.g. postgres://user@host:5432/orcastrate';
  }
  return undefined;
}

/** Longest host name a task queue may carry (a DNS name's limit). */
export const MAX_WORKER_HOST_LENGTH = 253;

/**
 * A worker's host name as part of its host task queue (`<task queue>@<host>`): letters, digits, dot,
 * underscore and dash, so the queue name is unambiguous (no `@`) and the same on every worker.
 */
export function workerHostProblem(value: string): string | undefined {
  if (!/^[A-Za-z0-9._-]+$/.test(value)) {
    return 'not a valid task-queue component: letters, digits, dot, underscore and dash only';
  }
  if (value.length > MAX_WORKER_HOST_LENGTH) return `longer than ${MAX_WORKER_HOST_LENGTH} characters`;
  return undefined;
}
