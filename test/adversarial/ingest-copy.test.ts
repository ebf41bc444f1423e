import { ingestCsvIntoCampaign } from '../../src/activities/campaign-db';
import { createPool } from '../../src/db/pool';
import { readHarnessState } from '../harness/state';
import {
  csvRow,
  HEADER,
  newCampaignId,
  refusalStoringNothing,
  stored,
  WATER,
  writeCsv,
} from './ingest-support';

// Jobs stream to Postgres through COPY while the CSV is still being read: a CSV that breaks after
// that must still store nothing and leave the connection fit for the next statement.
describe('a CSV that breaks while its rows stream to Postgres', () => {
  const pool = createPool(readHarnessState().databaseUrl, 1);
  afterAll(() => pool.end());
  const waters = (n: number) => Array.from({ length: n }, () => csvRow(WATER, 0, 0, '1'));

  it('stores nothing, even after a COPY batch went through, and the connection works on', async () => {
    const campaignId = newCampaignId('copy');
    // 5100 rows without a charge (5000 bad rows end a COPY batch), 20000 good rows (the next COPY
    // is open), then an unbalanced quote swallowing the rest
    const noCharge = Array.from({ length: 5100 }, () => csvRow(WATER, '', 0, '1'));
    const csv = writeCsv([HEADER, ...noCharge, ...waters(20_000), `"O 0 0 0${'y'.repeat(5000)}`]);
    const message = await refusalStoringNothing(
      pool,
      campaignId,
      ingestCsvIntoCampaign(pool, campaignId, csv, { keepColumns: ['note'], maxRecordChars: 4000 }),
    );
    expect(message).toMatch(/record starting at line 75302 is longer than 4000 characters/);

    // the pool's one connection: a COPY left open would hang this ingest
    const next = newCampaignId('copy');
    const counts = await ingestCsvIntoCampaign(pool, next, writeCsv([HEADER, ...waters(3)]), {});
    expect(counts).toMatchObject({ good: 3, bad: 0 });
    expect((await stored(pool, next)).jobs).toHaveLength(3);
  });
});
