/** One word of ORCA input text, with where it stands. */
export interface OrcaToken {
  text: string;
  /** Offsets into the text: `text.slice(start, end)` is the token. */
  start: number;
  end: number;
  /** 1-based line of the token's first character. */
  line: number;
  /** Nothing but blanks and comments before it on its line (where `*`, `!` and `$` lines start). */
  firstOnLine: boolean;
}

const SEPARATOR = /[\s=;]/;
const WORD_END = /[\s=;#"{]/;

/**
 * Splits ORCA input into words as ORCA reads them: blanks, `=` and `;` separate; `#` starts a comment
 * that ends at the next `#` on its line or at the line's end; a quoted string and a `{ … }` group are
 * one word each, so an `end` inside them closes nothing. Returns a problem for an unclosed quote or brace.
 */
export function orcaTokens(text: string): { tokens: OrcaToken[] } | { problem: string } {
  const tokens: OrcaToken[] = [];
  let line = 1;
  let lineHasToken = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\n') {
      line += 1;
      lineHasToken = false;
      index += 1;
    } else if (SEPARATOR.test(char)) {
      index += 1;
    } else if (char === '#') {
      index = commentEnd(text, index);
    } else {
      const start = index;
      const startLine = line;
      if (char === '"' || char === '{') {
        const closer = char === '"' ? '"' : '}';
        const close = text.indexOf(closer, index + 1);
        if (close === -1) {
          const what = char === '"' ? 'a quoted string' : 'a "{" group';
          return { problem: `line ${line}: ${what} is not closed by ${closer}` };
        }
        line += countNewlines(text, index, close);
        index = close + 1;
      } else {
        while (index < text.length && !WORD_END.test(text[index]!)) index += 1;
      }
      tokens.push({
        text: text.slice(start, index),
        start,
        end: index,
        line: startLine,
        firstOnLine: !lineHasToken,
      });
      lineHasToken = true;
    }
  }
  return { tokens };
}

function commentEnd(text: string, hash: number): number {
  const newline = text.indexOf('\n', hash + 1);
  const closing = text.indexOf('#', hash + 1);
  if (closing !== -1 && (newline === -1 || closing < newline)) return closing + 1;
  return newline === -1 ? text.length : newline;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index += 1) if (text[index] === '\n') count += 1;
  return count;
}

export const isEnd = (token: OrcaToken | undefined): boolean => /^end$/i.test(token?.text ?? '');
