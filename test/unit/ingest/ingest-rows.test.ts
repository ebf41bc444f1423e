import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  csvField,
  generateArchitectorCsv,
  IngestHeaderError,
  ingestRows,
  IngestOptionsSchema,
  IngestTally,
  parseGeometry,
  resolveIngestOptions,
  summarize,
  type IngestResult,
} from '../../../src/ingest';
import { bads, ingest, jobs } from './support';

const DEMO_CSV = path.resolve(__dirname, '../../../examples/demo-campaign.csv');

const WATER = 'O 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200';
const OH = 'O 0 0 0\nH 0 0 0.97';

describe('ingestRows with the default preset', () => {
  it('turns rows into jobs with elements, charge, multiplicity and XYZ geometry', async () => {
    const csv = [
      'name,aligned_csd_core,charge,uhf,orcasim_fault',
      `water,${csvField(WATER)},0,0,`,
      `"hydroxyl, radical",${csvField(OH)},0,1,hang attempts=1`,
      `hydroxide,${csvField(OH)},-1,0,`,
    ].join('\r\n');
    const [water, hydroxyl, hydroxide] = jobs(
      await ingest(csv, { keepColumns: ['name', 'orcasim_fault', 'absent'] }),
    );
    expect(water).toMatchObject({
      rowIndex: 0,
      lineNumber: 2,
      elements: ['H', 'O'],
      formula: 'H2O',
      natoms: 3,
      charge: 0,
      multiplicity: 1,
      unpairedElectrons: 0,
      electrons: 10,
      sourceGeometryFormat: 'bare',
      extras: { name: 'water', orcasim_fault: '' },
    });
    expect(water!.geometryXyz.split('\n').slice(0, 3)).toEqual([
      '3',
      'row 0 charge 0 multiplicity 1',
      'O      0.00000000     0.00000000     0.11730000',
    ]);
    expect(hydroxyl).toMatchObject({ rowIndex: 1, lineNumber: 5, multiplicity: 2, electrons: 9 });
    expect(hydroxyl!.extras).toEqual({ name: 'hydroxyl, radical', orcasim_fault: 'hang attempts=1' });
    expect(hydroxide).toMatchObject({
      rowIndex: 2,
      lineNumber: 7,
      charge: -1,
      multiplicity: 1,
      electrons: 10,
    });
  });

  it('reports every bad row with its row, line and reason, and keeps going', async () => {
    const csv = [
      'aligned_csd_core,charge,uhf',
      `${csvField(WATER)},0,0`, // row 0 good
      `${csvField(WATER)},0,1`, // row 1 parity
      `${csvField('Xx 0 0 0')},0,0`, // row 2 unknown element
      `${csvField('C 0 0')},0,0`, // row 3 unparseable geometry
      `${csvField(WATER)},,0`, // row 4 missing charge
      `${csvField(WATER)},0.5,0`, // row 5 non-integer charge
      `${csvField(WATER)},0,-2`, // row 6 negative uhf
      `${csvField(WATER)},0,two`, // row 7 non-integer uhf
      `${csvField(WATER)},0`, // row 8 too few fields
      `${csvField('H 0 0 0')},0,2`, // row 9: 1 electron cannot hold 2 unpaired
      `${csvField(WATER)},0,0`, // row 10 good
    ].join('\n');
    const results = await ingest(csv);
    expect(jobs(results).map((j) => j.rowIndex)).toEqual([0, 10]);
    expect(bads(results).map((b) => [b.rowNumber, b.code])).toEqual([
      [1, 'impossible-spin-state'],
      [2, 'unknown-element'],
      [3, 'bad-geometry'],
      [4, 'missing-value'],
      [5, 'bad-charge'],
      [6, 'bad-spin'],
      [7, 'bad-spin'],
      [8, 'malformed-record'],
      [9, 'impossible-spin-state'],
    ]);
    const parity = bads(results)[0]!;
    expect(parity.lineNumber).toBe(5);
    expect(parity.reason).toMatch(
      /^row 1 \(line 5\): charge 0, multiplicity 2 is impossible with an even number of electrons \(10\)/,
    );
    expect(summarize(results)).toEqual({
      goodRows: 2,
      badRows: 9,
      badRowsByCode: {
        'malformed-record': 1,
        'bad-character': 0,
        'missing-value': 1,
        'bad-geometry': 1,
        'unknown-element': 1,
        'bad-charge': 1,
        'bad-spin': 2,
        'impossible-spin-state': 2,
        'bad-orca-keywords': 0,
        'bad-orca-blocks': 0,
      },
    });
  });

  it('accepts standard XYZ text in the geometry column', async () => {
    const csv = `aligned_csd_core,charge,uhf\n${csvField(`3\nwater\n${WATER}`)},0,0\n`;
    expect(jobs(await ingest(csv))[0]).toMatchObject({ sourceGeometryFormat: 'xyz', natoms: 3 });
  });

  it('fails on header problems before yielding any row', async () => {
    const noGeometry = `name,charge,uhf\nwater,0,0\n`;
    await expect(ingest(noGeometry)).rejects.toThrow(IngestHeaderError);
    await expect(ingest(noGeometry)).rejects.toThrow(
      /no geometry column "aligned_csd_core" \(columns: "name", "charge", "uhf"\)/,
    );
    await expect(ingest('aligned_csd_core,charge\nx,0\n')).rejects.toThrow(
      /unpaired-electron \(uhf\) column "uhf"/,
    );
    await expect(ingest('aligned_csd_core,charge,uhf,uhf\n')).rejects.toThrow(/2 columns named "uhf"/);
    await expect(ingest('')).rejects.toThrow(/empty/);
  });
});

describe('ingestRows with other column layouts', () => {
  const mol2 = (element: string) =>
    [
      '@<TRIPOS>MOLECULE',
      'x',
      '2 1 0 0 0',
      'SMALL',
      'NoCharges',
      '@<TRIPOS>ATOM',
      `1 ${element}1 0.0 0.0 0.0 ${element} 1 RES1 0.0`,
      '2 O1 0.0 0.0 1.8 O.2 1 RES1 0.0',
      '@<TRIPOS>BOND',
      '1 1 2 2',
    ].join('\n');

  it('reads Architector output with the architector preset, ignoring the xtb_* spin columns', async () => {
    // NdO+ (Nd(III), f3): xTB keeps f electrons in the core, so its unpaired count differs from the requested 3.
    const csv = [
      'mol2string,total_charge,calc_n_unpaired_electrons,xtb_total_charge,xtb_n_unpaired_electrons',
      `${csvField(mol2('Nd'))},1,3,1,1`,
    ].join('\n');
    const [job] = jobs(await ingest(csv, { preset: 'architector' }));
    expect(job).toMatchObject({ formula: 'NdO', charge: 1, multiplicity: 4, sourceGeometryFormat: 'mol2' });
  });

  it('takes multiplicity directly from a multiplicity column when asked', async () => {
    const csv = `xyz,q,mult\n${csvField(OH)},0,2\n${csvField(OH)},0,1\n${csvField(OH)},0,0\n`;
    const results = await ingest(csv, {
      geometryColumn: 'xyz',
      chargeColumn: 'q',
      spinColumn: 'mult',
      spinKind: 'multiplicity',
    });
    expect(jobs(results).map((j) => j.multiplicity)).toEqual([2]);
    expect(bads(results).map((b) => b.code)).toEqual(['impossible-spin-state', 'bad-spin']);
  });

  it('validates options with a JSON-friendly zod schema and fills gaps from presets', () => {
    const fromJson = IngestOptionsSchema.parse(JSON.parse('{"preset":"architector","keepColumns":["name"]}'));
    expect(resolveIngestOptions(fromJson)).toEqual({
      geometryColumn: 'mol2string',
      chargeColumn: 'total_charge',
      spinColumn: 'calc_n_unpaired_electrons',
      spinKind: 'uhf',
      geometryFormat: 'auto',
      keepColumns: ['name'],
      maxRecordChars: 16 * 1024 * 1024,
    });
    expect(resolveIngestOptions().geometryColumn).toBe('aligned_csd_core');
    expect(IngestOptionsSchema.safeParse({ preset: 'gaussian' }).success).toBe(false);
    expect(IngestOptionsSchema.safeParse({ geometryColum: 'typo' }).success).toBe(false);
    expect(IngestOptionsSchema.safeParse({ spinKind: 'uhf', chargeColumn: '' }).success).toBe(false);
  });
});

describe('streaming', () => {
  it('yields rows while the source is still being read', async () => {
    let chunksRead = 0;
    async function* source(): AsyncGenerator<string> {
      for (const line of generateArchitectorCsv(500, 3)) {
        chunksRead++;
        yield await Promise.resolve(line);
      }
    }
    const iterator = ingestRows(source());
    const first = await iterator.next();
    expect(first.value).toMatchObject({ kind: 'job', job: { rowIndex: 0 } });
    expect(chunksRead).toBeLessThan(10);
    await iterator.return(undefined);
  });

  it('ingests a generated Architector-style table with the expected share of bad rows', async () => {
    const tally = new IngestTally();
    let lastJobRow = -1;
    for await (const result of ingestRows(
      Readable.from(generateArchitectorCsv(2000, 42, { badRowFraction: 0.02 })),
    )) {
      tally.add(result);
      if (result.kind === 'job') {
        expect(result.job.rowIndex).toBeGreaterThan(lastJobRow);
        lastJobRow = result.job.rowIndex;
      }
    }
    const summary = tally.summary();
    expect([summary.goodRows, summary.badRows]).toEqual([1960, 40]);
    expect(summary.badRowsByCode).toMatchObject({
      'impossible-spin-state': 10,
      'unknown-element': 10,
      'missing-value': 10,
      'bad-charge': 10,
    });
  });

  it('generates the same table from the same seed and a different one from another seed', () => {
    const text = (seed: number) => [...generateArchitectorCsv(20, seed)].join('');
    expect(text(5)).toBe(text(5));
    expect(text(5)).not.toBe(text(6));
  });
});

describe('examples/demo-campaign.csv', () => {
  it('has 40 valid structures, two deliberately bad rows, and the scripted faults', async () => {
    const results: IngestResult[] = [];
    for await (const r of ingestRows(createReadStream(DEMO_CSV), {
      keepColumns: ['name', 'orcasim_fault'],
    })) {
      results.push(r);
    }
    const good = jobs(results);
    expect(good).toHaveLength(40);
    expect(
      bads(results)
        .map((b) => b.code)
        .sort(),
    ).toEqual(['impossible-spin-state', 'unknown-element']);
    const faults = good
      .map((j) => j.extras.orcasim_fault)
      .filter(Boolean)
      .sort();
    expect(faults).toEqual([
      'error-termination',
      'hang attempts=1',
      'hang attempts=1',
      'memory need=2500',
      'memory need=4000',
      'memory need=4000',
      'scf-not-converged',
      'scf-not-converged',
      'scf-not-converged',
    ]);
    for (const job of good) {
      const geometry = parseGeometry(job.geometryXyz);
      expect(geometry.ok).toBe(true);
      // no two atoms closer than 0.7 Å: plausible structures, not overlapping atoms
      if (geometry.ok) {
        for (const [i, a] of geometry.atoms.entries()) {
          for (const b of geometry.atoms.slice(i + 1)) {
            expect(Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z)).toBeGreaterThan(0.7);
          }
        }
      }
    }
  });
});
