/** Most bytes of an action's arguments (as JSON) kept in `operator_actions.arguments`. */
export const MAX_ARGUMENTS_JSON_BYTES = 64 * 1024;
/** Most characters kept of a free-text field (identity, refusal reason). */
export const MAX_TEXT_CHARS = 2_000;

/** Postgres text and jsonb cannot hold U+0000; signal payloads and identities are untrusted. */
const NUL = '\u0000';
const NUL_STAND_IN = '\uFFFD';

export interface StorableArguments {
  /** JSON text for the jsonb column, or null for no arguments. */
  json: string | null;
  /** The size of the arguments' JSON when it was cut, else null. */
  cutFromBytes: number | null;
}

/**
 * The arguments as they can be stored: NUL characters (in keys and strings) replaced, and JSON above
 * MAX_ARGUMENTS_JSON_BYTES cut to its first bytes, kept as one JSON string so the row stays valid.
 */
export function storableArguments(value: unknown): StorableArguments {
  if (value === undefined || value === null) return { json: null, cutFromBytes: null };
  const json = JSON.stringify(value, withoutNul);
  if (json === undefined) return { json: null, cutFromBytes: null };
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= MAX_ARGUMENTS_JSON_BYTES) return { json, cutFromBytes: null };
  return { json: JSON.stringify(utf8Prefix(json, MAX_ARGUMENTS_JSON_BYTES)), cutFromBytes: bytes };
}

/** Free text as it can be stored: NUL-free and at most MAX_TEXT_CHARS long (null stays null). */
export function storableText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const clean = value.replaceAll(NUL, NUL_STAND_IN);
  return clean.length > MAX_TEXT_CHARS ? `${clean.slice(0, MAX_TEXT_CHARS - 1)}…` : clean;
}

function withoutNul(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll(NUL, NUL_STAND_IN);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([key]) => key.includes(NUL))) {
      return Object.fromEntries(entries.map(([key, inner]) => [key.replaceAll(NUL, NUL_STAND_IN), inner]));
    }
  }
  return value;
}

function utf8Prefix(text: string, maxBytes: number): string {
  // a cut inside a multi-byte character decodes to U+FFFD: drop it
  return Buffer.from(text, 'utf8')
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}
