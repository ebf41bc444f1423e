import { DatabaseError } from 'pg';
import { insertJobs, JobCopy, upsertCampaign, withTransaction, type NewJob } from '../../src/db';
import { createPool } from '../../src/db/pool';
import { newCampaignId, stored, waterJob } from '../adversarial/ingest-support';
import { readHarnessState } from '../harness/state';

/** Text that COPY's format or the array syntax must escape, and text that looks like their markers. */
const AWKWARD = [
  'a\\b',
  'tab\there',
  'cr\rlf\n',
  '\\N',
  'NULL',
  'null',
  '"quoted"',
  'a,b',
  '{x}',
  ' ',
  '',
  'é🧪',
];

function awkwardJob(rowIndex: number): NewJob {
  const text = AWKWARD[rowIndex % AWKWARD.length]!;
  return {
    ...waterJob(rowIndex, { note: text, [text || 'empty']: `${text}\\${text}` }),
    // insertJobs passes elements space-separated: no element holds a space or is empty
    elements: /^\S+$/.test(text) ? ['H', 'O', text] : ['H', 'O'],
    geometryXyz: `3\n${text}\n${waterJob(0).geometryXyz.split('\n').slice(2).join('\r\n')}\t\\`,
    duplicateOf: rowIndex > 0 && rowIndex % 2 === 0 ? rowIndex - 1 : null,
    // a row's ORCA overrides: on every other row, absent (NULL) on the rest
    ...(rowIndex % 2 === 1 ? { orcaKeywords: `! ${text}`, orcaBlocks: `%scf ${text} end` } : {}),
  };
}

async function copyJobs(pool: ReturnType<typeof createPool>, campaignId: string, jobs: NewJob[]) {
  await withTransaction(pool, async (client) => {
    const copy = await JobCopy.open(client, campaignId);
    for (const job of jobs) await copy.add(job);
    await copy.close([]);
  });
}

describe('JobCopy (the ingest path of new jobs)', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());

  it('stores every column exactly as insertJobs does, whatever the text holds', async () => {
    const [inserted, copied] = [newCampaignId('db'), newCampaignId('db')];
    const jobs = AWKWARD.map((_, rowIndex) => awkwardJob(rowIndex));
    for (const id of [inserted, copied]) await upsertCampaign(pool, id, {});
    await insertJobs(pool, inserted, jobs);
    await copyJobs(pool, copied, jobs);
    const columns =
      'job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra, duplicate_of, ' +
      'orca_keywords, orca_blocks';
    const read = async (id: string): Promise<Record<string, unknown>[]> =>
      (
        await pool.query<Record<string, unknown>>(
          `SELECT ${columns} FROM jobs WHERE campaign_id = $1 ORDER BY row_index`,
          [id],
        )
      ).rows;
    const rows = await read(copied);
    expect(rows).toHaveLength(AWKWARD.length);
    expect(rows).toEqual(await read(inserted));
    expect(rows[0]).toMatchObject({ elements: ['H', 'O', 'a\\b'], extra: { note: 'a\\b' } });
    expect(rows[0]).toMatchObject({ orca_keywords: null, orca_blocks: null });
    expect(rows[1]).toMatchObject({ orca_keywords: '! tab\there', orca_blocks: '%scf tab\there end' });
  });

  it('streams many chunks, and a refusal rolls back to its savepoint and is thrown', async () => {
    const campaignId = newCampaignId('db');
    await upsertCampaign(pool, campaignId, {});
    const many = Array.from({ length: 3000 }, (_, rowIndex) => waterJob(rowIndex, { note: 'x'.repeat(100) }));
    await copyJobs(pool, campaignId, many);
    expect((await stored(pool, campaignId)).jobs).toHaveLength(3000);

    // row 2999 again: a unique violation while the COPY streams; the transaction stays usable
    const error = await withTransaction(pool, async (client) => {
      const copy = await JobCopy.open(client, campaignId);
      for (const job of [
        ...many.slice(0, 10).map((j) => ({ ...j, rowIndex: j.rowIndex + 3000 })),
        many[2999]!,
      ])
        await copy.add(job);
      const refusal = await copy.close([]).catch((e: unknown) => e);
      await client.query('SELECT 1');
      return refusal;
    });
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('23505');
    expect((await stored(pool, campaignId)).jobs).toHaveLength(3000);
  });

  it('abort ends an open COPY so the transaction can roll back, storing nothing', async () => {
    const campaignId = newCampaignId('db');
    await upsertCampaign(pool, campaignId, {});
    const failure = await withTransaction(pool, async (client) => {
      const copy = await JobCopy.open(client, campaignId);
      for (let rowIndex = 0; rowIndex < 2000; rowIndex++) await copy.add(waterJob(rowIndex));
      await copy.abort();
      throw new Error('the CSV broke');
    }).catch((e: unknown) => e);
    expect((failure as Error).message).toBe('the CSV broke');
    expect((await stored(pool, campaignId)).jobs).toEqual([]);
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
