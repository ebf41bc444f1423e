/**
 * Hand-written equivalents of the regular expressions of the lines read once per optimization cycle
 * (FINAL SINGLE POINT ENERGY, SCF CONVERGED AFTER, the convergence table's MAX gradient). Each
 * returns what its regex would capture, or undefined when the line is not in the plain shape it
 * expects (single spaces as separators, no label, …): the caller then asks the regex. So results are
 * those of the regex, only found faster.
 */

const SPACE = 0x20;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Index after a run of spaces from `at` (`at` itself when there is none). */
function skipSpaces(line: string, at: number): number {
  let i = at;
  while (line.charCodeAt(i) === SPACE) i++;
  return i;
}

function skipDigits(line: string, at: number): number {
  let i = at;
  while (isDigit(line.charCodeAt(i))) i++;
  return i;
}

/** End of the match of -?\d+\.\d+(?:[Ee][-+]?\d+)? at `at` (greedy, as the regex), or -1. */
export function numberEnd(line: string, at: number): number {
  let i = line.charCodeAt(at) === 0x2d ? at + 1 : at;
  const integer = skipDigits(line, i);
  if (integer === i || line.charCodeAt(integer) !== 0x2e) return -1;
  i = skipDigits(line, integer + 1);
  if (i === integer + 1) return -1;
  const e = line.charCodeAt(i);
  if (e === 0x45 || e === 0x65) {
    let j = i + 1;
    const sign = line.charCodeAt(j);
    if (sign === 0x2b || sign === 0x2d) j++;
    const exponent = skipDigits(line, j);
    if (exponent > j) i = exponent;
  }
  return i;
}

const FSPE = 'FINAL SINGLE POINT ENERGY';

/** "FINAL SINGLE POINT ENERGY   -76.3233  <rest>": the number and the rest of the line. */
export function plainFinalEnergy(line: string): { energy: string; rest: string } | undefined {
  if (!line.startsWith(FSPE)) return undefined;
  const start = skipSpaces(line, FSPE.length);
  if (start === FSPE.length) return undefined;
  const end = numberEnd(line, start);
  if (end < 0) return undefined;
  const rest = line.slice(end);
  // `(.*)$` cannot run over a carriage return
  if (rest.includes('\r')) return undefined;
  return { energy: line.slice(start, end), rest };
}

const SCF_CONVERGED = 'SCF CONVERGED AFTER';

/** The N of the first "SCF CONVERGED AFTER N CYCLES". */
export function plainScfCycles(line: string): string | undefined {
  const at = line.indexOf(SCF_CONVERGED);
  if (at < 0) return undefined;
  const digits = skipSpaces(line, at + SCF_CONVERGED.length);
  const end = skipDigits(line, digits);
  if (digits === at + SCF_CONVERGED.length || end === digits) return undefined;
  const cycles = skipSpaces(line, end);
  return cycles > end && line.startsWith('CYCLES', cycles) ? line.slice(digits, end) : undefined;
}

const MAX_GRADIENT = 'MAX gradient';

/** "   MAX gradient   0.000198   0.000300   YES": the value (the first number). */
export function plainTableMaxGradient(line: string): string | undefined {
  const label = skipSpaces(line, 0);
  if (label === 0 || !line.startsWith(MAX_GRADIENT, label)) return undefined;
  const value = skipSpaces(line, label + MAX_GRADIENT.length);
  const valueEnd = numberEnd(line, value);
  if (value === label + MAX_GRADIENT.length || valueEnd < 0) return undefined;
  const tolerance = skipSpaces(line, valueEnd);
  const toleranceEnd = numberEnd(line, tolerance);
  if (tolerance === valueEnd || toleranceEnd < 0) return undefined;
  const answer = skipSpaces(line, toleranceEnd);
  if (answer === toleranceEnd) return undefined;
  const word = line.startsWith('YES', answer) ? 3 : line.startsWith('NO', answer) ? 2 : 0;
  if (word === 0 || skipSpaces(line, answer + word) !== line.length) return undefined;
  return line.slice(value, valueEnd);
}
