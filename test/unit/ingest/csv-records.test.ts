import fc from 'fast-check';
import { CsvRecordParser, CsvRecordTooLongError, readCsvRecords } from '../../../src/ingest/csv-records';
import { csvField } from '../../../src/ingest/generate-architector-csv';

async function collect(chunks: (string | Uint8Array)[]): Promise<{ fields: string[]; line: number }[]> {
  const out = [];
  for await (const record of readCsvRecords(chunks)) out.push({ fields: record.fields, line: record.line });
  return out;
}

describe('readCsvRecords', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks', async () => {
    const text = 'a,b,c\n1,"x, y","say ""hi"""\n2,"line 1\nline 2\nline 3",z\n';
    expect(await collect([text])).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', 'x, y', 'say "hi"'], line: 2 },
      { fields: ['2', 'line 1\nline 2\nline 3', 'z'], line: 3 },
    ]);
  });

  it('handles CRLF and lone CR line endings, a BOM, and a missing final newline', async () => {
    const text = '\uFEFFname,v\r\nfirst,1\rsecond,"a\r\nb"\r\nthird,3';
    const records = await collect([text]);
    expect(records.map((r) => r.fields)).toEqual([
      ['name', 'v'],
      ['first', '1'],
      ['second', 'a\r\nb'],
      ['third', '3'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('strips a BOM arriving as bytes and decodes characters split across byte chunks', async () => {
    const bytes = Buffer.from('\uFEFFel,name\nFe,"fer – α"\n', 'utf8');
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect((await collect(chunks)).map((r) => r.fields)).toEqual([
      ['el', 'name'],
      ['Fe', 'fer – α'],
    ]);
  });

  it('skips blank lines but keeps a record that is one quoted empty field', async () => {
    const records = await collect(['a\n\n\n""\nb\n']);
    expect(records).toEqual([
      { fields: ['a'], line: 1 },
      { fields: [''], line: 4 },
      { fields: ['b'], line: 5 },
    ]);
  });

  it('keeps stray quotes literally instead of failing the file', async () => {
    expect((await collect(['a"b,"c"d,e\n'])).map((r) => r.fields)).toEqual([['a"b', 'cd', 'e']]);
  });

  it('flags an unterminated quoted field at the end of input', async () => {
    const records = [];
    for await (const record of readCsvRecords(['a,b\n1,"never closed\n2,3\n'])) records.push(record);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({
      fields: ['1', 'never closed\n2,3\n'],
      unterminatedQuote: true,
      line: 2,
    });
  });

  it('refuses a record longer than the limit instead of buffering the rest of the file', async () => {
    const source = ['h\n"', 'x'.repeat(50), 'y'.repeat(50)];
    await expect(async () => {
      for await (const _ of readCsvRecords(source, 64)) void _;
    }).rejects.toThrow(CsvRecordTooLongError);
  });

  it('yields the same records however the text is split into chunks', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '1') });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (rows, crlf, cuts) => {
          const text = rows.map((row) => row.map(csvField).join(',')).join(crlf ? '\r\n' : '\n');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points, text.length]
            .slice(1)
            .map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end));
          const records = await collect(chunks);
          expect(records.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns records as soon as a chunk completes them', () => {
    const parser = new CsvRecordParser();
    expect(parser.push('a,b\n1,')).toEqual([{ fields: ['a', 'b'], line: 1, unterminatedQuote: false }]);
    expect(parser.push('2')).toEqual([]);
    expect(parser.end()).toEqual([{ fields: ['1', '2'], line: 2, unterminatedQuote: false }]);
  });
});
