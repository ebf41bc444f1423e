import { detectGeometryFormat, formatXyz, parseGeometry } from '../../../src/ingest/geometry';

const WATER_BARE = 'O 0.0 0.0 0.117\nH 0.0 0.757 -0.468\nH 0.0 -0.757 -0.468';

const FE_MOL2 = [
  '@<TRIPOS>MOLECULE',
  'complex',
  '    3     2     1     0     0',
  'SMALL',
  'NoCharges',
  '',
  '@<TRIPOS>ATOM',
  '      1 Fe1        0.0000    0.0000    0.0000   Fe        1 RES1   0.0000',
  '      2 N1         2.0000    0.0000    0.0000   N.3       1 RES1   0.0000',
  '      3 H1         2.4000    0.9000    0.0000   H         1 RES1   0.0000',
  '@<TRIPOS>BOND',
  '     1     1     2    1',
  '     2     2     3    1',
].join('\n');

function failure(text: string): string {
  const parsed = parseGeometry(text);
  return parsed.ok ? 'parsed without error' : parsed.message;
}

describe('geometry parsing', () => {
  it('detects bare lines, standard XYZ and mol2', () => {
    expect(detectGeometryFormat(WATER_BARE)).toBe('bare');
    expect(detectGeometryFormat(`3\nwater\n${WATER_BARE}`)).toBe('xyz');
    expect(detectGeometryFormat(FE_MOL2)).toBe('mol2');
  });

  it('reads bare El x y z lines, ignoring blank lines and CRLF', () => {
    const parsed = parseGeometry(`\r\n${WATER_BARE.replace(/\n/g, '\r\n')}\r\n\r\n`);
    expect(parsed).toEqual({
      ok: true,
      format: 'bare',
      atoms: [
        { element: 'O', x: 0, y: 0, z: 0.117 },
        { element: 'H', x: 0, y: 0.757, z: -0.468 },
        { element: 'H', x: 0, y: -0.757, z: -0.468 },
      ],
    });
  });

  it('reads standard XYZ and checks the atom count', () => {
    const xyz = parseGeometry(`3\nwater, comment with 1 2 3\n${WATER_BARE}\n`);
    expect(xyz.ok && xyz.format === 'xyz' && xyz.atoms.map((a) => a.element)).toEqual(['O', 'H', 'H']);
    expect(failure(`4\nwater\n${WATER_BARE}`)).toMatch(/says 4 atoms but 3/);
  });

  it('reads mol2 atoms, taking elements from SYBYL types', () => {
    const parsed = parseGeometry(FE_MOL2);
    expect(parsed.ok && parsed.atoms).toEqual([
      { element: 'Fe', x: 0, y: 0, z: 0 },
      { element: 'N', x: 2, y: 0, z: 0 },
      { element: 'H', x: 2.4, y: 0.9, z: 0 },
    ]);
    const wrongCount = FE_MOL2.replace('    3     2', '    4     2');
    expect(failure(wrongCount)).toMatch(/declares 4 atoms/);
  });

  it('names the problem: unknown elements, non-numbers, wrong token counts, no atoms', () => {
    expect(parseGeometry('Xx 0 0 0')).toMatchObject({ ok: false, problem: 'unknown-element' });
    expect(parseGeometry('C 0 zero 0')).toMatchObject({ ok: false, problem: 'bad-geometry' });
    expect(parseGeometry('C 0 0')).toMatchObject({ ok: false, problem: 'bad-geometry' });
    expect(parseGeometry(' \n ')).toMatchObject({ ok: false, problem: 'bad-geometry' });
    expect(parseGeometry('0\nempty\n')).toMatchObject({ ok: false, problem: 'bad-geometry' });
  });

  it('writes standard XYZ that reads back to the same atoms', () => {
    const parsed = parseGeometry(WATER_BARE);
    if (!parsed.ok) throw new Error(parsed.message);
    const text = formatXyz(parsed.atoms, 'row 3\nwith newline');
    expect(text.split('\n').slice(0, 2)).toEqual(['3', 'row 3 with newline']);
    expect(parseGeometry(text)).toEqual({ ok: true, format: 'xyz', atoms: parsed.atoms });
  });
});
