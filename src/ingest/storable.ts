/**
 * What the Postgres columns of a job can hold, checked per row so that one odd cell becomes a bad
 * row instead of a database error that aborts the whole file.
 */

export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;

/** Why `value` does not fit an `integer` column, or undefined if it does. */
export function int32Problem(what: string, value: number): string | undefined {
  if (value >= INT32_MIN && value <= INT32_MAX) return undefined;
  return `${what} ${value} is out of range (it must lie within ${INT32_MIN} … ${INT32_MAX})`;
}

// Lone UTF-16 surrogates only come from string sources (a file's bytes are decoded with U+FFFD for
// anything invalid), but JSON.stringify writes them as `\udXXX` escapes that jsonb rejects.
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/** What in `text` Postgres `text`/`jsonb` cannot store (e.g. `a NUL character …`), or undefined. */
export function unstorableText(text: string): string | undefined {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return `a NUL character (U+0000) at position ${nul + 1}`;
  if (!ANY_SURROGATE.test(text)) return undefined; // the common case, one quick scan
  const surrogate = UNPAIRED_SURROGATE.exec(text);
  if (surrogate) return `an unpaired UTF-16 surrogate at position ${surrogate.index + 1}`;
  return undefined;
}
