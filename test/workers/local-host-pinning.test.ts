import { randomUUID } from 'node:crypto';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { campaign } from '../../src/workflows';
import { JOB_END_PRIORITY } from '../../src/workflows/host-queue';
import { campaignStatusQuery } from '../../src/workflows/messages';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { jobsOf } from '../crash/support';
import { WorkerProcess, assertBuilt, waitFor } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { connectTestClient, uniqueTaskQueue } from '../harness/temporal';
import {
  HOST_BOUND_ACTIVITIES,
  activityRuns,
  attemptProgress,
  campaignWorkflowIds,
  namesInIndex,
  workflowTaskIdentities,
} from './support';

// Issue 13, item 3: two workers on one task queue, as on two login nodes sharing a file system.
describe('local-runner jobs stay with the host that launched them', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('hosts');
  // one data root for both "hosts": a shared file system, as on a cluster's login nodes
  const dataRoot = path.join(
    realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-hosts-'))),
    'campaigns',
  );
  const workerOn = (host: string) =>
    new WorkerProcess({
      temporalAddress: state.temporalAddress,
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot,
      env: {
        TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
        ORCASTRATE_WORKER_HOST: host,
        ORCASIM_CYCLE_DELAY_MS: '400',
      },
    });
  const hostA = workerOn('host-a');
  const hostB = workerOn('host-b');
  let client: Client;

  beforeAll(async () => {
    assertBuilt();
    client = await connectTestClient();
  });
  afterAll(async () => {
    await hostA.stop();
    await hostB.stop();
    await client?.connection.close();
  });

  async function startCampaign(jobs: number, campaignId = `hosts-${randomUUID().slice(0, 8)}`) {
    const input = campaignInput(writeCampaignCsv(Array.from({ length: jobs }, () => '')), {
      scheduler: { kind: 'local', localConcurrency: 2, exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
      orca: { ...campaignInput('').orca, walltimeMinutes: 1 },
      maxInFlight: 4,
    });
    const handle = await client.workflow.start(campaign, {
      taskQueue,
      workflowId: campaignId,
      args: [input],
    });
    return { campaignId, handle };
  }

  const pinnedHost = async (handle: Awaited<ReturnType<typeof startCampaign>>['handle']) =>
    waitFor(
      'the campaign to pin its host',
      async () => (await handle.query(campaignStatusQuery)).localHost,
      30_000,
    );

  it('never lets the other host submit, poll or judge them, even while their host is down', async () => {
    // A alone when the first campaign starts: it is pinned to host-a; then B joins the task queue.
    await hostA.start();
    const first = await startCampaign(8);
    expect(await pinnedHost(first.handle)).toBe('host-a');
    await hostB.start();

    // host-a goes down with jobs done and jobs still running (their processes go on by themselves)
    await waitFor(
      'some jobs final and some running',
      async () => {
        const jobs = await jobsOf(first.campaignId);
        const final = jobs.filter((job) => job.finished).length;
        return final >= 2 && jobs.some((job) => job.status === 'running') ? true : undefined;
      },
      90_000,
    );
    await hostA.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const frozen = await attemptProgress(first.campaignId);
    const finalWhenStopped = (await jobsOf(first.campaignId)).filter((job) => job.finished).length;
    expect(finalWhenStopped).toBeLessThan(8);

    // host-b alone: a campaign started now is pinned to it and runs to its end
    const second = await startCampaign(3);
    expect(await pinnedHost(second.handle)).toBe('host-b');
    const secondSummary = await second.handle.result();
    expect(secondSummary.counts).toMatchObject({ completed: 3, failed: 0, running: 0, submitted: 0 });
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a few more poll intervals
    // meanwhile nothing host-bound happened to the first campaign: no attempt prepared, submitted,
    // seen running or judged (host-b runs its workflow tasks and Postgres-only activities)
    expect(await attemptProgress(first.campaignId)).toEqual(frozen);
    expect(await first.handle.query(campaignStatusQuery)).toMatchObject({
      phase: 'running',
      localHost: 'host-a',
    });

    // host-a comes back: its campaign finishes, counts agreeing between Postgres and the workflow
    const downMs = Date.now();
    await hostA.start();
    const summary = await first.handle.result();
    console.log(
      `[hosts] host-a was down with ${8 - finalWhenStopped} of 8 jobs open; the campaign finished ` +
        `${((Date.now() - downMs) / 1000).toFixed(1)} s after it came back`,
    );
    expect(summary.counts).toMatchObject({ completed: 8, failed: 0, ready: 0, running: 0, submitted: 0 });
    const jobs = await jobsOf(first.campaignId);
    expect(jobs.map((job) => [job.status, job.attempts])).toEqual(
      Array.from({ length: 8 }, () => ['completed', 1]),
    );

    for (const [run, host, other] of [
      [first, 'host-a', 'host-b'],
      [second, 'host-b', 'host-a'],
    ] as const) {
      const workflowIds = await campaignWorkflowIds(run.campaignId);
      const activities = await activityRuns(client, workflowIds);
      const hostBound = activities.filter((a) => HOST_BOUND_ACTIVITIES.includes(a.activity));
      // each kind that a local campaign always runs, on every job
      for (const kind of ['prepareAndSubmitAttempt', 'concludeAttempt', 'pollCampaign']) {
        expect(hostBound.filter((a) => a.activity === kind).length).toBeGreaterThan(0);
      }
      for (const activity of hostBound) {
        const what = `${activity.workflowId} ${activity.activity}`;
        const ranOn = { taskQueue: activity.taskQueue, host: activity.identity?.split('@')[1] };
        expect({ what, ...ranOn }).toEqual({ what, taskQueue: `${taskQueue}@${host}`, host });
      }
      // a job's end goes ahead of new jobs' submissions queued on the same host queue
      for (const activity of hostBound) {
        const readsTheEnd = ['concludeAttempt', 'evaluateAttempt'].includes(activity.activity);
        const expected = readsTheEnd ? JOB_END_PRIORITY.priorityKey : 0;
        expect({
          what: `${activity.workflowId} ${activity.activity}`,
          priority: activity.priorityKey,
        }).toEqual({
          what: `${activity.workflowId} ${activity.activity}`,
          priority: expected,
        });
      }
      // Postgres-only activities stay on the shared queue, which both hosts poll
      const shared = activities.filter((a) => !HOST_BOUND_ACTIVITIES.includes(a.activity));
      expect(shared.length).toBeGreaterThan(0);
      expect(new Set(shared.map((a) => a.taskQueue))).toEqual(new Set([taskQueue]));
      // the host's own runner index holds exactly its campaign's jobs; the other's and the shared
      // index (unpinned jobs) hold none of them
      const prefix = `oc.${run.campaignId}.`;
      expect(
        namesInIndex(dataRoot, `.local-runner@${host}`).filter((n) => n.startsWith(prefix)),
      ).toHaveLength(run === first ? 8 : 3);
      expect(namesInIndex(dataRoot, `.local-runner@${other}`).filter((n) => n.startsWith(prefix))).toEqual(
        [],
      );
      expect(namesInIndex(dataRoot, '.local-runner')).toEqual([]);
    }
    // host-b did take the first campaign's shared work while host-a was down: its workflow tasks
    const identities = await workflowTaskIdentities(client, await campaignWorkflowIds(first.campaignId));
    expect([...identities].some((identity) => identity.endsWith('@host-b'))).toBe(true);
  }, 240_000);
});
