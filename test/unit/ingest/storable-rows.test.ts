import {
  csvField,
  DuplicateIndex,
  IngestHeaderError,
  INT32_MAX,
  INT32_MIN,
  int32Problem,
  parseGeometry,
  unstorableText,
} from '../../../src/ingest';
import { bads, ingest, jobs } from './support';

const WATER = 'O 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692';
const HEADER = 'aligned_csd_core,charge,uhf,note,ignored';

describe('numbers a job column cannot hold', () => {
  it('int32Problem accepts exactly the integer column range', () => {
    expect(int32Problem('charge', INT32_MIN)).toBeUndefined();
    expect(int32Problem('charge', INT32_MAX)).toBeUndefined();
    expect(int32Problem('charge', INT32_MIN - 1)).toMatch(/^charge -2147483649 is out of range/);
    expect(int32Problem('charge', INT32_MAX + 1)).toMatch(/out of range/);
  });

  it('makes an out-of-range charge or multiplicity a bad row naming row and line', async () => {
    const csv = [
      HEADER,
      `${csvField(WATER)},-3000000000,0,,`, // row 0: charge below int32
      `${csvField(WATER)},${INT32_MIN},0,,`, // row 1: absurd but storable, electrons even
      `${csvField(WATER)},0,${INT32_MAX},,`, // row 2: uhf in range, multiplicity = uhf + 1 is not
      `${csvField(WATER)},0,0,,`, // row 3: fine
    ].join('\n');
    const results = await ingest(csv);
    expect(bads(results).map((b) => [b.rowNumber, b.code])).toEqual([
      [0, 'bad-charge'],
      [2, 'bad-spin'],
    ]);
    expect(bads(results)[0]!.reason).toMatch(/^row 0 \(line 2\): charge -3000000000 is out of range/);
    expect(bads(results)[1]!.reason).toMatch(
      /^row 2 \(line 8\): uhf 2147483647: multiplicity 2147483648 is out of range/,
    );
    expect(jobs(results).map((j) => [j.rowIndex, j.charge])).toEqual([
      [1, INT32_MIN],
      [3, 0],
    ]);
  });

  it('checks multiplicity given directly as well', async () => {
    const csv = `aligned_csd_core,charge,mult\n${csvField(WATER)},0,3000000001\n`;
    const [bad] = bads(await ingest(csv, { spinColumn: 'mult', spinKind: 'multiplicity' }));
    expect(bad).toMatchObject({ rowNumber: 0, code: 'bad-spin' });
    expect(bad!.reason).toMatch(/multiplicity 3000000001 is out of range/);
  });
});

describe('coordinates', () => {
  it('must be finite: an overflowing number names its geometry line', () => {
    const parsed = parseGeometry('O 0 0 0\nH 1e999 0 0');
    expect(parsed).toEqual({
      ok: false,
      problem: 'bad-geometry',
      message: 'geometry line 2: coordinate "1e999" is not a finite number',
    });
    expect(parseGeometry('H 0 0 -1e400')).toMatchObject({ ok: false, message: /line 1: .*"-1e400"/ });
    expect(parseGeometry('H 1e300 0 0')).toMatchObject({ ok: true });
  });

  it('in mol2 and XYZ text too', () => {
    const mol2 = ['@<TRIPOS>ATOM', '1 O1 0 1e999 0 O.3', '2 H1 0 0 1 H'].join('\n');
    expect(parseGeometry(mol2)).toMatchObject({ ok: false, message: /^mol2 line 2: coordinate "1e999"/ });
    expect(parseGeometry('1\nx\nH 0 0 1E+999')).toMatchObject({ ok: false, message: /^geometry line 3:/ });
  });

  it('a row with one is a bad-geometry row, not a job with Infinity in it', async () => {
    const results = await ingest(`${HEADER}\n${csvField('H 1e999 0 0\nH 0 0 0.74')},0,0,,\n`);
    expect(jobs(results)).toEqual([]);
    expect(bads(results)[0]).toMatchObject({ code: 'bad-geometry', lineNumber: 2 });
    expect(bads(results)[0]!.reason).toBe(
      'row 0 (line 2): geometry line 1: coordinate "1e999" is not a finite number',
    );
  });
});

describe('text Postgres cannot store', () => {
  it('unstorableText finds NUL characters and unpaired surrogates, and nothing else', () => {
    expect(unstorableText('plain, "quoted", ünïcödé 🧪\r\n')).toBeUndefined();
    expect(unstorableText('ab\u0000c')).toBe('a NUL character (U+0000) at position 3');
    expect(unstorableText('x\uD800y')).toBe('an unpaired UTF-16 surrogate at position 2');
    expect(unstorableText('\uDC00')).toBe('an unpaired UTF-16 surrogate at position 1');
    expect(unstorableText('\uD83E\uDDEA')).toBeUndefined();
  });

  it('makes a NUL in any cell a bad-character row: geometry, kept and ignored columns alike', async () => {
    const csv = [
      HEADER,
      '"\u0000\n",0,#,0,', // row 0: the fuzz counterexample's shape, NUL in the geometry
      `${csvField(WATER)},0,0,a\u0000b,`, // row 1: NUL in a kept column (it would go into jsonb)
      `${csvField(WATER)},0,0,,\u0000`, // row 2: NUL in a column nobody keeps
      `${csvField(WATER)},0\u0000,0,,`, // row 3: NUL in the charge
      `${csvField(WATER)},0,0,ok,`, // row 4: fine
    ].join('\n');
    const results = await ingest(csv, { keepColumns: ['note'] });
    expect(bads(results).map((b) => [b.rowNumber, b.code])).toEqual([
      [0, 'bad-character'],
      [1, 'bad-character'],
      [2, 'bad-character'],
      [3, 'bad-character'],
    ]);
    expect(bads(results)[1]!.reason).toBe(
      'row 1 (line 4): column "note" holds a NUL character (U+0000) at position 2, which cannot be stored',
    );
    for (const bad of bads(results)) expect(bad.reason).not.toContain('\u0000');
    expect(jobs(results).map((j) => [j.rowIndex, j.extras])).toEqual([[4, { note: 'ok' }]]);
  });

  it('also reads NUL bytes from a byte stream', async () => {
    const bytes = Buffer.from(`${HEADER}\n${csvField(WATER)},0,0,x,\n`);
    bytes[bytes.length - 3] = 0; // the "x"
    expect(bads(await ingest(bytes, { keepColumns: ['note'] }))[0]).toMatchObject({ code: 'bad-character' });
  });

  it('refuses a header with NUL characters (a UTF-16 file) saying so', async () => {
    const utf16 = Buffer.from(`${HEADER}\n${csvField(WATER)},0,0,,\n`, 'utf16le');
    await expect(ingest(utf16)).rejects.toThrow(IngestHeaderError);
    await expect(ingest(utf16)).rejects.toThrow(/column 1 holds a NUL character .*UTF-16/);
  });
});

describe('duplicate structures', () => {
  const key = (charge: number, multiplicity: number, body: string, row = 0) => ({
    charge,
    multiplicity,
    geometryXyz: `2\nrow ${row} comment\n${body}\n`,
  });

  it('DuplicateIndex names the first earlier row with the same atoms, coordinates, charge and spin', () => {
    const index = new DuplicateIndex();
    expect(index.earlierRowOf(0, key(0, 1, 'H 0 0 0\nH 0 0 0.74', 0))).toBeUndefined();
    expect(index.earlierRowOf(1, key(0, 1, 'H 0 0 0\nH 0 0 0.74', 1))).toBe(0);
    expect(index.earlierRowOf(2, key(0, 1, 'H 0 0 0\nH 0 0 0.75', 2))).toBeUndefined();
    expect(index.earlierRowOf(3, key(1, 2, 'H 0 0 0\nH 0 0 0.74', 3))).toBeUndefined();
    expect(index.earlierRowOf(4, key(0, 3, 'H 0 0 0\nH 0 0 0.74', 4))).toBeUndefined();
    expect(index.earlierRowOf(5, key(0, 1, 'H 0 0 0.74\nH 0 0 0', 5))).toBeUndefined(); // order kept
    expect(index.earlierRowOf(6, key(0, 1, 'H 0 0 0\nH 0 0 0.75', 6))).toBe(2);
    expect(index.earlierRowOf(7, key(0, 1, 'H 0 0 0\nH 0 0 0.74', 7))).toBe(0);
  });

  it('ingestRows flags repeats as jobs with duplicateOf, across geometry formats and kept columns', async () => {
    const mol2 = [
      '@<TRIPOS>ATOM',
      '1 O1 0 0 0.1173 O.3',
      '2 H1 0 0.7572 -0.4692 H',
      '3 H2 0 -0.7572 -0.4692 H',
    ].join('\n');
    const csv = [
      HEADER,
      `${csvField(WATER)},0,0,first,`, // row 0
      `${csvField(WATER)},-1,1,,`, // row 1: other charge and spin
      `${csvField('Xx 0 0 0')},0,0,,`, // row 2: bad, never a duplicate
      `${csvField(WATER.replace('0.1173', '0.11730000'))},0,0,fault,`, // row 3 = row 0
      `${csvField(mol2)},0,0,,`, // row 4 = row 0 (same atoms written as mol2)
      `${csvField(WATER)},-1,1,,`, // row 5 = row 1
      `${csvField(WATER.replace('0.1173', '0.1174'))},0,0,,`, // row 6: moved atom
    ].join('\n');
    const results = await ingest(csv, { keepColumns: ['note'] });
    expect(jobs(results).map((j) => [j.rowIndex, j.duplicateOf])).toEqual([
      [0, null],
      [1, null],
      [3, 0],
      [4, 0],
      [5, 1],
      [6, null],
    ]);
  });
});
