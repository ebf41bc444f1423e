import fc from 'fast-check';

/** Pieces of the ORCA lines the parser reads numbers from: markers, numbers, blanks and noise. */
const MARKER_LINE_PIECES = [
  'FINAL SINGLE POINT ENERGY',
  'SCF CONVERGED AFTER',
  'MAX gradient',
  'CYCLES',
  ' ',
  '  ',
  '\t',
  '\r',
  '-',
  '.',
  '1',
  '23',
  'E',
  'e-05',
  'YES',
  'NO',
  'x',
  '*',
];

/** Lines of up to 14 pieces in any order (MARKER_LINE_PIECES and `extra`), for property tests. */
export function markerLines(extra: string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...MARKER_LINE_PIECES, ...extra), { maxLength: 14 })
    .map((pieces) => pieces.join(''));
}
