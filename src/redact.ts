/**
 * Hides credentials in text meant for people (errors, logs, status output): the password of any
 * `scheme://user:password@host` URL becomes `***`, as do `password=...` pairs of libpq connection
 * strings (and PGPASSWORD=...). Pure: usable from every layer.
 *
 * The password runs to the LAST `@` of its whitespace-free run, because passwords typed into a URL
 * without percent-encoding may contain `@`, `/`, `#` or quotes. That can hide a little more than
 * the password (e.g. a later `@` in the same token), never less.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)\S*@/gi, '$1***@')
    .replace(/\b((?:pg)?password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
}

/** `redactSecrets` for anything caught: an Error's message (or its code), or the value as text. */
export function describeError(error: unknown): string {
  return redactSecrets(rawDescription(error));
}

function rawDescription(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  // e.g. an AggregateError from connecting to every address of `localhost`: no message of its own
  if (error instanceof AggregateError && error.errors.length) {
    return error.errors.map(rawDescription).join('; ');
  }
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? error.name;
}
