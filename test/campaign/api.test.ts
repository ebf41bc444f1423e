import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as Api from '../../src/client/api';
import { REPO_ROOT } from '../../src/paths';
import { campaign } from '../../src/workflows';
import { cancelCampaignSignal } from '../../src/workflows/messages';
import { hangingCampaign } from '../adversarial/campaign-scenarios';
import { waitFor } from '../adversarial/support';
import { assertBuilt } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, ORCASIM, writeCampaignCsv } from './support';

/** The package as a user requires it: package.json's `main`/`exports`, i.e. the built dist/. */
const loadPackage = () => require(REPO_ROOT) as typeof Api; // eslint-disable-line @typescript-eslint/no-require-imports

describe('the programmatic client (the package export, built)', () => {
  const harness = useRunningTestWorker('api', assertBuilt);

  it('is what package.json exports, with its type declarations', () => {
    const api = loadPackage();
    expect(typeof api.Orcastrate.connect).toBe('function');
    expect(existsSync(path.join(REPO_ROOT, 'dist/client/api.d.ts'))).toBe(true);
  });

  it('start, status, watch, jobs, resetFailed and result round trip on a real campaign', async () => {
    const { Orcastrate, InvalidRequestError, CampaignNotFoundError } = loadPackage();
    const orca = await Orcastrate.connect(harness.config);
    const workflowId = `api-${randomUUID().slice(0, 8)}`;
    let watching: Promise<void> | undefined;
    try {
      // row 0 fails on its first attempt only; row 1 hangs, so the campaign stays open for the reset
      const input = campaignInput(writeCampaignCsv(['error-termination attempts=1', 'hang']), {
        maxInFlight: 2,
        closeAfterHours: 0,
        orca: { keywords: '! B3LYP def2-SVP OPT', executable: ORCASIM, walltimeMinutes: 5 },
      });
      const started = await orca.start(input, { workflowId });
      expect(started).toMatchObject({ workflowId, campaignId: workflowId });
      expect(started.runId).toMatch(/\S/);

      const events: Api.WatchEvent[] = [];
      watching = (async () => {
        for await (const event of orca.watch(workflowId, { intervalSeconds: 0.3 })) events.push(event);
      })();

      // jobs() refuses a campaign Postgres does not know yet (CampaignNotFoundError) until ingest made it
      const failedCount = () =>
        orca.jobs(workflowId, { status: 'failed' }).then(
          (jobs) => jobs.length,
          (error: unknown) => {
            if (error instanceof CampaignNotFoundError) return 0;
            throw error;
          },
        );
      await waitFor(async () => (await failedCount()) === 1, 90_000);
      const [failed] = await orca.jobs(workflowId, { status: ['failed', 'timeout'] });
      expect(failed).toMatchObject({ jobId: 'row-000000', rowIndex: 0, reason: 'error-termination' });
      expect(failed!.jobDir).toContain(path.join(workflowId, 'row-000000'));
      expect((await orca.status(workflowId))?.phase).toBe('running');

      expect(await orca.resetFailed(workflowId, {})).toEqual({ reset: 1, reopened: false });
      await waitFor(async () => (await orca.jobs(workflowId, { status: 'completed' })).length === 1, 90_000);
      await expect(orca.jobs(workflowId, { status: 'finished' })).rejects.toBeInstanceOf(InvalidRequestError);

      await harness.client.workflow.getHandle(workflowId).signal(cancelCampaignSignal);
      const summary = await orca.result(workflowId);
      expect(summary.counts).toMatchObject({ completed: 1, cancelled: 1, failed: 0 });
      await watching;

      expect(events[0]!.type).toBe('counts');
      const last = events.at(-1)!;
      expect(['settled', 'closed']).toContain(last.type);
      const row0 = events.flatMap((e) =>
        e.type === 'transition' && e.row === 0 ? [`${e.from}>${e.to}`] : [],
      );
      // consecutive transitions, and (a quick attempt may end before a poll saw it running) without running
      row0.forEach((step, k) => k > 0 && expect(step.split('>')[0]).toBe(row0[k - 1]!.split('>')[1]));
      const statuses = [row0[0]!.split('>')[0], ...row0.map((step) => step.split('>')[1])];
      expect(statuses.filter((status) => status !== 'running')).toEqual([
        'ready',
        'submitted',
        'failed',
        'ready',
        'submitted',
        'completed',
      ]);
    } finally {
      await orca.close(); // also ends the watch if the test failed before it did
      await watching;
    }
  });

  it('close() ends a watch still under way, without a final event and without crashing', async () => {
    const { Orcastrate } = loadPackage();
    const workflowId = `api-close-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId,
      args: [hangingCampaign({ closeAfterHours: 0 })],
    });
    try {
      const orca = await Orcastrate.connect(harness.config);
      const types: string[] = [];
      const watching = (async () => {
        for await (const event of orca.watch(workflowId, { intervalSeconds: 0.2 })) types.push(event.type);
      })();
      await waitFor(() => Promise.resolve(types.length > 0), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // a few polls under way
      await orca.close();
      await watching;
      expect(types[0]).toBe('counts');
      expect(types.filter((type) => type === 'settled' || type === 'closed')).toEqual([]);
    } finally {
      await handle.signal(cancelCampaignSignal);
      await handle.result();
    }
  });
});
