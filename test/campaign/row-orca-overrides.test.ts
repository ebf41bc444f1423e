import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { campaign } from '../../src/workflows';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, query } from './support';

const WATER = 'O 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200';

function writeCsv(rows: [keywords: string, blocks: string][]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-csv-')), 'campaign.csv');
  const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
  const lines = rows.map(([keywords, blocks]) => [WATER, '0', '0', keywords, blocks].map(quote).join(','));
  writeFileSync(file, ['aligned_csd_core,charge,uhf,orca_keywords,orca_blocks', ...lines].join('\n') + '\n');
  return file;
}

describe('a row’s own ORCA keywords and blocks (CSV columns) reach its job’s input', () => {
  const harness = useRunningTestWorker('row-orca-overrides', assertBuilt);

  it('replaces the campaign’s keywords and merges its blocks by name; rows without stay as they were', async () => {
    const campaignId = `rowkw-${randomUUID().slice(0, 8)}`;
    const base = campaignInput(
      writeCsv([
        ['', ''],
        ['! PBE0 def2-SVP OPT FREQ', '%geom MaxIter 120 end\n%output Print[P_Hirshfeld] 1 end'],
      ]),
    );
    const summary = await harness.client.workflow.execute(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        {
          ...base,
          ingest: { preset: 'default', orcaKeywordsColumn: 'orca_keywords', orcaBlocksColumn: 'orca_blocks' },
          orca: { ...base.orca, blocks: '%scf MaxIter 300 end\n%geom MaxIter 80 end' },
        },
      ],
    });
    expect(summary.counts).toMatchObject({ completed: 2, failed: 0 });

    const jobs = await query<{ job_id: string; job_dir: string; imaginary_modes: number | null }>(
      `SELECT j.job_id, a.job_dir, j.imaginary_modes FROM jobs j
       JOIN attempts a ON a.campaign_id = j.campaign_id AND a.job_id = j.job_id
       WHERE j.campaign_id = $1 ORDER BY j.row_index`,
      [campaignId],
    );
    expect(jobs).toHaveLength(2);
    const input = (dir: string) => readFileSync(path.join(dir, 'job.inp'), 'utf8').split('\n');
    const blocks = (lines: string[]) => lines.filter((line) => /^%(scf|geom|output)/.test(line));

    const [plain, own] = jobs.map((job) => input(job.job_dir));
    expect(plain![0]).toBe('! B3LYP def2-SVP OPT');
    expect(blocks(plain!)).toEqual(['%scf MaxIter 300 end', '%geom MaxIter 80 end']);
    expect(own![0]).toBe('! PBE0 def2-SVP OPT FREQ');
    expect(blocks(own!)).toEqual([
      '%scf MaxIter 300 end',
      '%geom MaxIter 120 end',
      '%output Print[P_Hirshfeld] 1 end',
    ]);
    // the simulator ran the row's keywords: only its job computed frequencies
    expect(jobs.map((job) => job.imaginary_modes)).toEqual([null, 0]);
  });
});
