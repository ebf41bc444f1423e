/** A decimal number as ORCA prints it (optionally signed, with an optional exponent). */
export const NUMBER = String.raw`(-?\d+\.\d+(?:[Ee][-+]?\d+)?)`;

/**
 * Reads the lines of one output block after its header line, across read boundaries. `accept`
 * returns false for the first line that is not part of the block (that line is then read as any other
 * line); `close` is called once, when the block ended or the input did (`atEndOfInput`).
 */
export interface BlockReader {
  accept(line: string): boolean;
  close(atEndOfInput: boolean): void;
}

/** Lines that end any block: whatever a block reader is looking for, it is over when one of these comes. */
const TERMINAL = [
  'FINAL SINGLE POINT ENERGY',
  'ORCA TERMINATED NORMALLY',
  'JOB NUMBER',
  'error termination',
  'TOTAL RUN TIME',
];

export function isTerminalLine(line: string): boolean {
  return TERMINAL.some((marker) => line.includes(marker));
}

export function firstNumber(pattern: RegExp, line: string): number | null {
  const match = pattern.exec(line);
  return match?.[1] === undefined ? null : Number(match[1]);
}
