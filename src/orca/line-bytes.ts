/**
 * Byte-level readers of the lines ORCA prints once per optimization cycle, for lines in their usual
 * shape only, the whole line checked. For such a line each gives what the string readers of
 * line-scan.ts then Number() give, without making a string of the line; for any other shape (a label,
 * an exponent, a carriage return, …) it gives undefined and the caller reads the line as a string.
 */

const SPACE = 0x20;
const MINUS = 0x2d;
const DOT = 0x2e;
/** 10^k for k ≤ 22: exact doubles (written as literals, so parsed exactly). */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

const FINAL_ENERGY = Buffer.from('FINAL SINGLE POINT ENERGY', 'latin1');
const SCF_CONVERGED = Buffer.from('SCF CONVERGED AFTER', 'latin1');
const CYCLES = Buffer.from('CYCLES', 'latin1');
const MAX_GRADIENT = Buffer.from('MAX gradient', 'latin1');
const YES = Buffer.from('YES', 'latin1');
const NO = Buffer.from('NO', 'latin1');

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function skipSpaces(bytes: Buffer, at: number, end: number): number {
  let i = at;
  while (i < end && bytes[i] === SPACE) i++;
  return i;
}

function skipDigits(bytes: Buffer, at: number, end: number): number {
  let i = at;
  while (i < end && isDigit(bytes[i])) i++;
  return i;
}

/** `text` is at `at`, before `end`. */
function startsWith(bytes: Buffer, at: number, end: number, text: Buffer): boolean {
  if (at + text.length > end) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text[i]) return false;
  return true;
}

/** End of -?\d+\.\d+ at `at` (no exponent), or -1. */
function decimalEnd(bytes: Buffer, at: number, end: number): number {
  const integer = bytes[at] === MINUS ? at + 1 : at;
  const dot = skipDigits(bytes, integer, end);
  if (dot === integer || bytes[dot] !== DOT || dot >= end) return -1;
  const fractionEnd = skipDigits(bytes, dot + 1, end);
  return fractionEnd === dot + 1 ? -1 : fractionEnd;
}

/**
 * Number() of the text of [start, end), digits with at most one dot and a leading minus. Exact:
 * while the digits make an integer below 2^53 and there are at most 22 after the dot, integer and
 * power of ten are exact doubles, so their quotient is the correctly rounded value, as Number()'s.
 */
export function decimalValue(bytes: Buffer, start: number, end: number): number {
  const negative = bytes[start] === MINUS;
  let mantissa = 0;
  let fractionDigits = -1;
  for (let i = negative ? start + 1 : start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte === DOT) {
      fractionDigits = 0;
      continue;
    }
    mantissa = mantissa * 10 + (byte - 0x30);
    if (fractionDigits >= 0) fractionDigits++;
    if (mantissa > Number.MAX_SAFE_INTEGER) return Number(bytes.toString('latin1', start, end));
  }
  const power = EXACT_POWERS_OF_TEN[Math.max(fractionDigits, 0)];
  if (power === undefined) return Number(bytes.toString('latin1', start, end));
  const magnitude = mantissa / power;
  return negative ? -magnitude : magnitude;
}

/** "FINAL SINGLE POINT ENERGY   -76.3233" (nothing after the number): the energy. */
export function finalEnergyAt(bytes: Buffer, lineStart: number, lineEnd: number): number | undefined {
  if (!startsWith(bytes, lineStart, lineEnd, FINAL_ENERGY)) return undefined;
  const afterLabel = lineStart + FINAL_ENERGY.length;
  const value = skipSpaces(bytes, afterLabel, lineEnd);
  if (value === afterLabel || decimalEnd(bytes, value, lineEnd) !== lineEnd) return undefined;
  return decimalValue(bytes, value, lineEnd);
}

/** Blanks, an optional star, blanks: where the text goes on, or -1 if the line ends otherwise. */
function skipFrame(bytes: Buffer, at: number, end: number): number {
  const star = skipSpaces(bytes, at, end);
  return bytes[star] === 0x2a && star < end ? skipSpaces(bytes, star + 1, end) : star;
}

/** "   *   SCF CONVERGED AFTER  12 CYCLES   *": the cycles. */
export function scfCyclesAt(bytes: Buffer, lineStart: number, lineEnd: number): number | undefined {
  const label = skipFrame(bytes, lineStart, lineEnd);
  if (!startsWith(bytes, label, lineEnd, SCF_CONVERGED)) return undefined;
  const digits = skipSpaces(bytes, label + SCF_CONVERGED.length, lineEnd);
  const digitsEnd = skipDigits(bytes, digits, lineEnd);
  if (digits === label + SCF_CONVERGED.length || digitsEnd === digits || digitsEnd - digits > 15) {
    return undefined;
  }
  const word = skipSpaces(bytes, digitsEnd, lineEnd);
  if (word === digitsEnd || !startsWith(bytes, word, lineEnd, CYCLES)) return undefined;
  if (skipFrame(bytes, word + CYCLES.length, lineEnd) !== lineEnd) return undefined;
  return decimalValue(bytes, digits, digitsEnd);
}

/** "   MAX gradient   0.000198   0.000300   YES" (the convergence table's row): the value. */
export function tableMaxGradientAt(bytes: Buffer, lineStart: number, lineEnd: number): number | undefined {
  const label = skipSpaces(bytes, lineStart, lineEnd);
  if (label === lineStart || !startsWith(bytes, label, lineEnd, MAX_GRADIENT)) return undefined;
  const value = skipSpaces(bytes, label + MAX_GRADIENT.length, lineEnd);
  const valueEnd = decimalEnd(bytes, value, lineEnd);
  if (value === label + MAX_GRADIENT.length || valueEnd < 0) return undefined;
  const tolerance = skipSpaces(bytes, valueEnd, lineEnd);
  const toleranceEnd = decimalEnd(bytes, tolerance, lineEnd);
  if (tolerance === valueEnd || toleranceEnd < 0) return undefined;
  const answer = skipSpaces(bytes, toleranceEnd, lineEnd);
  if (answer === toleranceEnd) return undefined;
  const word = startsWith(bytes, answer, lineEnd, YES) ? 3 : startsWith(bytes, answer, lineEnd, NO) ? 2 : 0;
  if (word === 0 || skipSpaces(bytes, answer + word, lineEnd) !== lineEnd) return undefined;
  return decimalValue(bytes, value, valueEnd);
}
