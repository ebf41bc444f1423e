import type { CampaignSettings } from '../../src/campaign/input';
import { createPool } from '../../src/db/pool';
import { ingestCampaignCsv } from '../../src/ingest/csv-into-campaign';
import { readHarnessState } from '../harness/state';
import {
  csvRow,
  HEADER,
  ingestInputErrorOf,
  newCampaignId,
  refusalStoringNothing,
  runIngestActivity,
  WATER,
  writeCsv,
} from './ingest-support';

/**
 * Step graphs that never passed the campaign input schema (a hand-made activity call, settings
 * edited in history) reaching the ingest: refused as input errors (non-retryable, naming the
 * problem), nothing stored — never an endless retry, a hang, or rows no step can ever run from.
 */
describe('bad pipeline step graphs reaching ingest', () => {
  const pool = createPool(readHarnessState().databaseUrl);
  afterAll(() => pool.end());
  const csv = writeCsv([HEADER, csvRow(WATER, 0, 0)]);
  const settingsWith = (steps: unknown): CampaignSettings =>
    ({ csvPath: csv, ingest: {}, orca: { keywords: '! SP' }, steps }) as unknown as CampaignSettings;

  it.each<[string, unknown, RegExp]>([
    [
      'a dependency cycle',
      [
        { name: 'opt', dependsOn: ['sp'] },
        { name: 'sp', dependsOn: ['opt'] },
      ],
      /invalid pipeline steps: steps\.0\.dependsOn: cycle: opt → sp → opt/,
    ],
    ['a step depending on itself', [{ name: 'opt', dependsOn: ['opt'] }], /steps\.0\.dependsOn/],
    [
      'an unknown dependency',
      [{ name: 'sp', dependsOn: ['opt'] }],
      /steps\.0\.dependsOn\.0: unknown step "opt"/,
    ],
    [
      'two steps of one name',
      [{ name: 'opt' }, { name: 'opt' }],
      /steps\.1\.name: "opt" is already the name of steps\.0/,
    ],
    [
      'a step name that would leave its directory',
      [{ name: '../escape' }],
      /steps\.0\.name: letters, digits, dot, underscore and dash/,
    ],
    ['a step name with a slash', [{ name: 'opt/freq' }], /steps\.0\.name/],
    [
      'geometry from a step that does not run first',
      [{ name: 'opt' }, { name: 'sp', geometryFrom: 'opt' }],
      /steps\.1\.geometryFrom: "opt" is not a step "sp" depends on/,
    ],
    ['no steps at all', [], /steps: /],
    ['steps that are not a list', { opt: {} }, /steps: /],
  ])('%s', async (_label, steps, message) => {
    const campaignId = newCampaignId('pipe-adv');
    const refusal = await refusalStoringNothing(
      pool,
      campaignId,
      runIngestActivity(pool, campaignId, settingsWith(steps)),
    );
    expect(refusal).toMatch(message);
  });

  it('refuses to start a pipeline on jobs `orcastrate ingest` made for one step (attach mode)', async () => {
    const campaignId = newCampaignId('pipe-adv');
    await ingestCampaignCsv(pool, campaignId, csv, {});
    const attach = {
      ...settingsWith([{ name: 'opt' }, { name: 'sp', dependsOn: ['opt'] }]),
      csvPath: undefined,
    };
    const refusal = await ingestInputErrorOf(runIngestActivity(pool, campaignId, attach));
    expect(refusal).toMatch(/holds jobs for steps \[main\], but its input has steps \[opt, sp\]/);
    const { rows } = await pool.query('SELECT job_id FROM jobs WHERE campaign_id = $1', [campaignId]);
    expect(rows).toEqual([{ job_id: 'row-000000' }]);
  });
});
