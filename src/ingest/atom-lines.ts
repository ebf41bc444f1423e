import { atomicNumber, ELEMENT_COUNT, elementSymbol, normalizeElement, type ElementSymbol } from './elements';
import {
  formatAtomLines,
  formatCoordinate,
  parseCoordinate,
  parseGeometry,
  type GeometryFormat,
} from './geometry';

/** What an ingest keeps of a geometry: the job's columns, without an object per atom. */
export interface AtomLines {
  /** Element of each atom, in order. */
  symbols: ElementSymbol[];
  /** Sum of the atoms' atomic numbers. */
  nuclearCharge: number;
  /** The atom lines exactly as `formatXyz` writes them, each ending with a line break. */
  body: string;
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** Atomic number by lower-cased one- or two-letter symbol, indexed `first * 128 + second` (0 if none). */
const Z_BY_LETTERS = new Uint8Array(128 * 128);
for (let z = 1; z <= ELEMENT_COUNT; z++) {
  const symbol = elementSymbol(z)!.toLowerCase();
  Z_BY_LETTERS[symbol.charCodeAt(0) * 128 + (symbol.charCodeAt(1) || 0)] = z;
}

export type AtomLinesResult =
  | ({ ok: true; format: GeometryFormat } & AtomLines)
  | { ok: false; problem: 'unknown-element' | 'bad-geometry'; message: string };

/** `parseGeometry` reduced to what a job stores, through `scanAtomLines` when it applies. */
export function readAtomLines(text: string, format: GeometryFormat | 'auto'): AtomLinesResult {
  const scanned = format === 'auto' || format === 'bare' ? scanAtomLines(text) : undefined;
  if (scanned) return { ok: true, format: 'bare', ...scanned };
  const parsed = parseGeometry(text, format);
  if (!parsed.ok) return parsed;
  const symbols = parsed.atoms.map((atom) => atom.element);
  let nuclearCharge = 0;
  for (const symbol of symbols) nuclearCharge += atomicNumber(symbol)!;
  return { ok: true, format: parsed.format, symbols, nuclearCharge, body: formatAtomLines(parsed.atoms) };
}

/**
 * The usual case of `parseGeometry(text, 'auto' | 'bare')` without its per-line splitting and
 * regexes: `El x y z` lines separated by spaces or tabs, all printable ASCII. Returns undefined
 * for anything else (a problem to report, XYZ, mol2, other whitespace…): `parseGeometry` decides
 * those, so both paths agree on every text this one accepts.
 */
export function scanAtomLines(text: string): AtomLines | undefined {
  const symbols: ElementSymbol[] = [];
  let nuclearCharge = 0;
  out.length = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    i = skipBlanks(text, i);
    if (i === n) break;
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) {
      i++;
      continue;
    }
    const labelEnd = tokenEnd(text, i);
    if (labelEnd < 0) return undefined;
    const z = atomicNumberOf(text, i, labelEnd);
    if (z === undefined) return undefined;
    const symbol = elementSymbol(z)!;
    out.reserve(LONGEST_LINE);
    out.copy(symbol, 0, symbol.length);
    if (symbol.length === 1) out.byte(SPACE);
    i = labelEnd;
    for (let axis = 0; axis < 3; axis++) {
      const start = skipBlanks(text, i);
      if (start === i) return undefined; // a line break or the end: too few tokens
      out.byte(SPACE);
      i = writeCoordinate(text, start);
      if (i < 0) return undefined;
    }
    i = skipBlanks(text, i);
    if (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) return undefined; // a 5th token
    out.byte(LF);
    symbols.push(symbol);
    nuclearCharge += z;
  }
  return symbols.length === 0 ? undefined : { symbols, nuclearCharge, body: out.text() };
}

/** Builds ASCII text in a reused buffer: one string per geometry instead of dozens of pieces. */
class AsciiOut {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  length = 0;

  reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(2 * (this.length + count));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
  }

  byte(c: number): void {
    this.bytes[this.length++] = c;
  }

  repeat(c: number, count: number): void {
    for (let k = 0; k < count; k++) this.bytes[this.length++] = c;
  }

  copy(text: string, start: number, end: number): void {
    for (let k = start; k < end; k++) this.bytes[this.length++] = text.charCodeAt(k);
  }

  text(): string {
    return this.bytes.toString('latin1', 0, this.length);
  }
}

const out = new AsciiOut();
/** An element, three coordinates of at most 32 characters (`toFixed(8)` below 1e21), spaces, a line break. */
const LONGEST_LINE = 2 + 3 * (1 + 32) + 1;

function skipBlanks(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === SPACE || c === TAB) c = text.charCodeAt(++i);
  return i;
}

/** Where the token starting at `i` ends; -1 if it holds anything but printable ASCII. */
function tokenEnd(text: string, i: number): number {
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF || c === CR) return i;
    if (c < 33 || c > 126) return -1;
  }
  return i;
}

/** The atomic number of an element label as `normalizeElement` reads it. */
function atomicNumberOf(text: string, start: number, end: number): number | undefined {
  const length = end - start;
  if (length === 1 || length === 2) {
    const first = text.charCodeAt(start) | 0x20;
    const second = length === 2 ? text.charCodeAt(start + 1) | 0x20 : 0;
    if (isLowerCaseLetter(first) && (second === 0 || isLowerCaseLetter(second))) {
      const z = Z_BY_LETTERS[first * 128 + second]!;
      return z === 0 ? undefined : z;
    }
  }
  const symbol = normalizeElement(text.slice(start, end));
  return symbol && atomicNumber(symbol);
}

/**
 * Writes the token at `start` as `formatCoordinate(Number(token))` of geometry.ts would; returns
 * where the token ends, or -1 if it is not a finite number. A plain decimal with at most 7 integer
 * and 8 fraction digits is exact in a double to well under 1e-8, so `toFixed(8)` only pads it.
 */
function writeCoordinate(text: string, start: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  const intStart = i;
  let nonZero = false;
  let c = text.charCodeAt(i);
  for (; isDigit(c); c = text.charCodeAt(++i)) if (c !== ZERO) nonZero = true;
  const intDigits = i - intStart;
  if (c === DOT && intDigits >= 1 && intDigits <= 7 && (intDigits === 1 || !startsWithZero(text, intStart))) {
    const fracStart = ++i;
    c = text.charCodeAt(i);
    for (; isDigit(c); c = text.charCodeAt(++i)) if (c !== ZERO) nonZero = true;
    const fracDigits = i - fracStart;
    // '-0.0' is negative zero, which toFixed writes without its sign
    if (endsToken(c) && fracDigits <= 8 && (nonZero || !negative)) {
      out.repeat(SPACE, 14 - (i - start + 8 - fracDigits));
      out.copy(text, start, i);
      out.repeat(ZERO, 8 - fracDigits);
      return i;
    }
  }
  const end = tokenEnd(text, start);
  const value = end < 0 ? undefined : parseCoordinate(text.slice(start, end));
  if (value === undefined || !Number.isFinite(value)) return -1;
  const formatted = formatCoordinate(value);
  out.copy(formatted, 0, formatted.length);
  return end;
}

function startsWithZero(text: string, i: number): boolean {
  return text.charCodeAt(i) === ZERO;
}

/** A blank, a line break, or the end of the text (NaN). */
function endsToken(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || Number.isNaN(c);
}

function isLowerCaseLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}
