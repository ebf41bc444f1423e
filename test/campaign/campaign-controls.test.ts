import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { processIsAlive } from '../../src/schedulers/process-alive';
import { campaign } from '../../src/workflows';
import {
  campaignStatusQuery,
  cancelCampaignSignal,
  pauseSignal,
  resumeSignal,
  setMaxInFlightSignal,
} from '../../src/workflows/messages';
import { waitFor } from '../adversarial/support';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, query, writeCampaignCsv } from './support';

describe('campaign controls', () => {
  const harness = useRunningTestWorker('controls');

  it('pause holds new jobs back, setMaxInFlight and resume let them run', async () => {
    const campaignId = `pause-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [campaignInput(writeCampaignCsv(['', '', '', '', '']), { maxInFlight: 1 })],
    });
    await handle.signal(pauseSignal);
    await waitFor(async () => (await handle.query(campaignStatusQuery)).phase === 'paused');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const held = await query<{ n: string }>(
      "SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status = 'ready'",
      [campaignId],
    );
    expect(Number(held[0]!.n)).toBeGreaterThanOrEqual(3);

    await handle.signal(setMaxInFlightSignal, 5);
    await handle.signal(resumeSignal);
    const summary = await handle.result();
    expect(summary.counts.completed).toBe(5);
    expect((await handle.query(campaignStatusQuery)).maxInFlight).toBe(5);
  });

  it('cancel stops running jobs in the scheduler and marks everything cancelled', async () => {
    const campaignId = `cancel-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(writeCampaignCsv(['hang', 'hang', 'hang']), {
          maxInFlight: 2,
          orca: {
            keywords: '! B3LYP def2-SVP OPT',
            executable: path.resolve('bin/orcasim'),
            walltimeMinutes: 5,
          },
        }),
      ],
    });
    await waitFor(async () => {
      const rows = await query<{ n: string }>(
        "SELECT count(*) AS n FROM jobs WHERE campaign_id = $1 AND status = 'running'",
        [campaignId],
      );
      return Number(rows[0]!.n) === 2;
    });
    await handle.signal(cancelCampaignSignal);
    const summary = await handle.result();
    expect(summary.counts).toMatchObject({ cancelled: 3, running: 0, ready: 0 });

    const attempts = await query<{ job_dir: string; status: string; reason: string }>(
      'SELECT job_dir, status, reason FROM attempts WHERE campaign_id = $1',
      [campaignId],
    );
    expect(attempts).toHaveLength(2);
    expect(attempts.map((a) => [a.status, a.reason])).toEqual([
      ['cancelled', 'cancelled-by-user'],
      ['cancelled', 'cancelled-by-user'],
    ]);
    for (const attempt of attempts) {
      const stateRoot = path.join(attempt.job_dir, '.orcastrate-local');
      for (const id of readdirSync(stateRoot)) {
        const pid = Number(readFileSync(path.join(stateRoot, id, 'pid'), 'utf8'));
        await waitFor(() => Promise.resolve(!processIsAlive(pid)), 15_000);
      }
    }
  });
});
