/**
 * Hides credentials in text meant for people (errors, logs, status output): the password of any
 * `scheme://user:password@host` URL becomes `***`, as do `password=...` pairs of libpq connection
 * strings. Pure: usable from every layer.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, '$1***@')
    .replace(/\b(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
}
