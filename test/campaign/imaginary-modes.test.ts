import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { JobProperties } from '../../src/jobs/types';
import type { RecoverySettings } from '../../src/campaign/input';
import { campaign } from '../../src/workflows';
import { orcastrateCli } from '../adversarial/campaign-scenarios';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, query, writeCampaignCsv } from './support';

interface StoredAttempt {
  job_id: string;
  attempt: number;
  status: string;
  job_dir: string;
  corrections: { handler: string; action: string; from?: unknown; to?: unknown }[];
}

interface StoredJob {
  job_id: string;
  status: string;
  attempts: number;
  imaginary_modes: number | null;
  warning_count: number | null;
  properties: JobProperties;
}

describe('an opt+freq job that stops on a saddle point (orcasim fault imaginary-mode)', () => {
  const harness = useRunningTestWorker('imaginary-modes', assertBuilt);

  async function run(strategy: RecoverySettings['strategy'], faults: string[]) {
    const campaignId = `imag-${strategy}-${randomUUID().slice(0, 8)}`;
    const base = campaignInput(writeCampaignCsv(faults));
    const summary = await harness.client.workflow.execute(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        {
          ...base,
          orca: { ...base.orca, keywords: '! B3LYP def2-SVP OPT FREQ' },
          recovery: { strategy, maxAttempts: 3 },
        },
      ],
    });
    expect(summary.counts).toMatchObject({ completed: faults.length, failed: 0 });
    const jobs = await query<StoredJob>(
      `SELECT job_id, status, attempts, imaginary_modes, warning_count, properties
       FROM jobs WHERE campaign_id = $1 ORDER BY row_index`,
      [campaignId],
    );
    const attempts = await query<StoredAttempt>(
      `SELECT job_id, attempt, status, job_dir, corrections FROM attempts WHERE campaign_id = $1
       ORDER BY job_id, attempt`,
      [campaignId],
    );
    return { campaignId, jobs, attempts };
  }

  it('without adaptive recovery: completed with the warning imaginary-modes: 1, in Postgres and orcastrate jobs', async () => {
    const { campaignId, jobs, attempts } = await run('retry', ['imaginary-mode', '']);
    const [saddle, minimum] = jobs;
    expect(saddle).toMatchObject({ status: 'completed', attempts: 1, imaginary_modes: 1, warning_count: 1 });
    expect(saddle!.properties.checkWarnings).toEqual(['imaginary-modes: 1']);
    expect(saddle!.properties.warningMessages).toEqual(['imaginary-modes: 1']);
    expect(minimum).toMatchObject({ status: 'completed', attempts: 1, imaginary_modes: 0, warning_count: 0 });
    expect(minimum!.properties.checkWarnings).toBeUndefined();
    expect(attempts).toHaveLength(2);

    const table = await orcastrateCli(['jobs', campaignId]);
    expect(table.code).toBe(0);
    const row = table.stdout.split('\n').find((line) => line.startsWith(saddle!.job_id))!;
    expect(row).toMatch(/completed\s+imaginary-modes: 1\s+1\s/);
    const status = await orcastrateCli(['status', campaignId]);
    expect(status.stdout).toContain('1 of 2 frequency jobs have imaginary modes');
  });

  it('with adaptive recovery: re-optimised once from the geometry displaced along the imaginary mode', async () => {
    // row 1's saddle point is not escaped by the displacement: one re-optimisation, then the warning
    const { jobs, attempts } = await run('adaptive', ['imaginary-mode', 'imaginary-mode heals=no']);
    const [saddle, stubborn] = jobs;
    expect(saddle).toMatchObject({ status: 'completed', attempts: 2, imaginary_modes: 0, warning_count: 0 });
    const [first, second] = attempts.filter((a) => a.job_id === saddle!.job_id);
    expect(first!.status).toBe('completed');
    const frequency = readFileSync(path.join(first!.job_dir, 'job.out'), 'utf8').match(
      /^\s+\d+:\s+(-\d+\.\d+) cm\*\*-1\s+\*\*\*imaginary mode\*\*\*$/m,
    )![1];
    // the keywords optimise already: no Opt to add, only the displacement
    expect(second!.corrections).toEqual([
      { handler: 'imaginary-modes', action: 'displace-along-mode-cm1', from: 1, to: Number(frequency) },
    ]);
    const start = readFileSync(path.join(second!.job_dir, 'input.xyz'), 'utf8').split('\n');
    expect(start[1]).toMatch(
      new RegExp(`^displaced 0.15 Angstrom along mode \\d+ \\(${frequency} cm-1\\) of attempt 1$`),
    );
    const ended = readFileSync(path.join(first!.job_dir, 'job.xyz'), 'utf8').split('\n');
    expect(start.slice(2)).not.toEqual(ended.slice(2));
    expect(stubborn).toMatchObject({
      status: 'completed',
      attempts: 2,
      imaginary_modes: 1,
      warning_count: 1,
    });
    expect(stubborn!.properties.checkWarnings).toEqual(['imaginary-modes: 1']);
    const stubbornAttempts = attempts.filter((a) => a.job_id === stubborn!.job_id);
    expect(stubbornAttempts.map((a) => [a.attempt, a.status, a.corrections.map((c) => c.action)])).toEqual([
      [1, 'completed', []],
      [2, 'completed', ['displace-along-mode-cm1']],
    ]);
  });
});
