import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { campaign } from '../../src/workflows';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, query, writeCampaignCsv } from './support';

describe('a campaign’s ORCA blocks in every job.inp, merged with the recovery ladder', () => {
  const harness = useRunningTestWorker('orca-blocks');

  it('writes orca.blocks as given, and the SCF rung into the campaign’s own %scf block', async () => {
    const campaignId = `blk-${randomUUID().slice(0, 8)}`;
    const input = campaignInput(writeCampaignCsv(['', 'scf-not-converged']));
    const blocks = '%scf MaxIter 300 Shift 0.1 end\n%geom MaxIter 80 end';
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [{ ...input, orca: { ...input.orca, blocks } }],
    });
    expect((await handle.result()).counts).toMatchObject({ completed: 2, failed: 0 });

    const attempts = await query<{ job_id: string; attempt: number; job_dir: string }>(
      'SELECT job_id, attempt, job_dir FROM attempts WHERE campaign_id = $1 ORDER BY job_id, attempt',
      [campaignId],
    );
    const inputOf = (job: string, attempt: number) => {
      const row = attempts.find((a) => a.job_id === job && a.attempt === attempt)!;
      return readFileSync(path.join(row.job_dir, 'job.inp'), 'utf8').split('\n');
    };
    const blockLines = (lines: string[]) =>
      lines.filter((line) => line.startsWith('%') && !line.startsWith('%maxcore'));
    expect(attempts.map((a) => [a.job_id, a.attempt])).toEqual([
      ['row-000000', 1],
      ['row-000001', 1],
      ['row-000001', 2],
    ]);
    expect(blockLines(inputOf('row-000000', 1))).toEqual([
      '%scf MaxIter 300 Shift 0.1 end',
      '%geom MaxIter 80 end',
    ]);
    expect(blockLines(inputOf('row-000001', 1))).toEqual([
      '%scf MaxIter 300 Shift 0.1 end',
      '%geom MaxIter 80 end',
    ]);
    // after scf-not-converged: SlowConv, and MaxIter 500 inside the one %scf block
    expect(inputOf('row-000001', 2)[0]).toMatch(/ SlowConv$/);
    expect(blockLines(inputOf('row-000001', 2))).toEqual([
      '%scf Shift 0.1 MaxIter 500 end',
      '%geom MaxIter 80 end',
    ]);
  });
});
