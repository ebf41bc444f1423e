import fc from 'fast-check';
import { readAtomLines, scanAtomLines } from '../../../src/ingest/atom-lines';
import { atomicNumber } from '../../../src/ingest/elements';
import { formatAtomLines, formatXyz, parseGeometry } from '../../../src/ingest/geometry';
import { fuzzParameters } from '../../fuzz/fuzz-parameters';

/** What the general parser makes of a geometry, in the shape the scanner returns. */
function reference(text: string, format: 'auto' | 'bare') {
  const parsed = parseGeometry(text, format);
  if (!parsed.ok) return parsed;
  const symbols = parsed.atoms.map((atom) => atom.element);
  const nuclearCharge = symbols.reduce((sum, symbol) => sum + atomicNumber(symbol)!, 0);
  return { ok: true, format: parsed.format, symbols, nuclearCharge, body: formatAtomLines(parsed.atoms) };
}

const plainDecimal = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 9 }),
    fc.constantFrom('', '.'),
    fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 10 }),
  )
  .map((parts) => parts.join(''));
const coordinate = fc.oneof(
  plainDecimal,
  fc.double({ min: -1e8, max: 1e8, noNaN: true }).chain((x) => fc.nat(10).map((digits) => x.toFixed(digits))),
  // at the edge of what a double holds to 8 decimals
  fc.constantFrom(
    '9999999.99999999',
    '99999999.99999999',
    '-999999999.99999999',
    '0.123456785',
    '1.000000005',
  ),
  fc.constantFrom(
    '-0',
    '-0.0',
    '0.',
    '.5',
    '-.5',
    '1e3',
    '1E-3',
    '1e999',
    'NaN',
    'Infinity',
    '0x10',
    'abc',
    '',
  ),
);
const label = fc.constantFrom(
  'H',
  'h',
  'C',
  'Fe',
  'FE',
  'fe',
  'Cl',
  'Og',
  '26',
  '026',
  '0',
  '119',
  'Xx',
  'C1',
  'Q',
);
const blank = fc.constantFrom(' ', '  ', '\t', ' \t', '\u00a0', '\v');
const lineBreak = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\n \n');
const atomLine = fc
  .tuple(
    fc.option(blank),
    label,
    fc.array(fc.tuple(blank, coordinate), { minLength: 2, maxLength: 4 }),
    fc.option(blank),
  )
  .map(([lead, element, rest, trail]) => `${lead ?? ''}${element}${rest.flat().join('')}${trail ?? ''}`);
const anyGeometry = fc
  .tuple(
    fc.array(fc.tuple(atomLine, lineBreak), { minLength: 1, maxLength: 5 }),
    fc.constantFrom('', '3\ncomment\n', ' \n', '@<TRIPOS>ATOM\n'),
  )
  .map(([lines, head]) => `${head}${lines.flat().join('')}`);
/** Mostly what the fast path takes: known elements, decimals as `toFixed` writes them. */
const usualGeometry = fc
  .array(
    fc.tuple(
      fc.constantFrom('H', 'C', 'N', 'O', 'Fe', 'Cl', 'pt', 'CO'),
      fc.array(
        fc.double({ min: -1e7, max: 1e7, noNaN: true }).chain((x) => fc.nat(8).map((d) => x.toFixed(d))),
        { minLength: 3, maxLength: 3 },
      ),
      fc.constantFrom(' ', '  ', '\t'),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .chain((atoms) =>
    fc
      .constantFrom('\n', '\r\n')
      .map((end) => atoms.map(([element, xyz, blank]) => [element, ...xyz].join(blank)).join(end)),
  );
const geometry = fc.oneof(usualGeometry, anyGeometry);

describe('scanAtomLines, the fast path of ingest geometries', () => {
  it('agrees with parseGeometry and formatXyz on every geometry it accepts', () => {
    const parameters = fuzzParameters('ingest: scanAtomLines agrees with parseGeometry', {
      seed: 20_261_207,
      numRuns: 3000,
    });
    let accepted = 0;
    fc.assert(
      fc.property(geometry, (text) => {
        const scanned = scanAtomLines(text);
        for (const format of ['auto', 'bare'] as const) {
          expect(readAtomLines(text, format)).toEqual(reference(text, format));
          if (scanned) expect({ ok: true, format: 'bare', ...scanned }).toEqual(reference(text, format));
        }
        if (scanned) accepted += 1;
      }),
      parameters,
    );
    // the property says nothing if the fast path never applies
    expect(accepted).toBeGreaterThan(parameters.numRuns / 20);
  });

  it('takes the usual Architector geometry and writes it as formatXyz does', () => {
    const text = 'Fe 0.018971 0.024844 -0.024748\nCl 2.300975 -0.010650 -0.044541\r\nh\t-0.0\t12.5\t0';
    const parsed = parseGeometry(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(scanAtomLines(text)).toEqual({
      symbols: ['Fe', 'Cl', 'H'],
      nuclearCharge: 26 + 17 + 1,
      body: formatXyz(parsed.atoms).split('\n').slice(2).join('\n'),
    });
  });

  it('leaves to parseGeometry what it does not read: errors, XYZ, mol2, other blanks', () => {
    for (const text of [
      'Xx 0 0 0',
      'C 0 0',
      'C 0 0 0 0',
      'C 0 zero 0',
      '3\nwater\nO 0 0 0',
      'C\u00a00 0 0',
      ' \n ',
    ]) {
      expect(scanAtomLines(text)).toBeUndefined();
    }
    expect(readAtomLines('3\nwater\nO 0 0 0\nH 0 0 1\nH 0 1 0', 'auto')).toMatchObject({
      ok: true,
      format: 'xyz',
    });
    expect(readAtomLines('Xx 0 0 0', 'auto')).toMatchObject({ ok: false, problem: 'unknown-element' });
  });
});
