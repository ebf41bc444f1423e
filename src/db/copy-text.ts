/** Values in the text format of `COPY … FROM STDIN`: tab-separated columns, one row per line. */

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value with backslash, tab, line feed and carriage return escaped. */
export function copyText(value: string): string {
  if (!SPECIAL.test(value)) return value;
  // multi-line text (a geometry) is the usual case: one native pass instead of a callback per match
  if (!value.includes('\\') && !value.includes('\t') && !value.includes('\r'))
    return value.replaceAll('\n', '\\n');
  return value.replace(SPECIALS, (c) => ESCAPES[c]!);
}

/** The NULL marker. */
export const COPY_NULL = '\\N';

const BARE_ARRAY_ELEMENT = /^[A-Za-z0-9_.+-]+$/;

/** A `text[]` literal (`{H,O}`), elements quoted where the array syntax needs it, then escaped for COPY. */
export function copyTextArray(values: readonly string[]): string {
  const elements = values.map((value) =>
    BARE_ARRAY_ELEMENT.test(value) && value.toLowerCase() !== 'null'
      ? value
      : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`,
  );
  return copyText(`{${elements.join(',')}}`);
}
