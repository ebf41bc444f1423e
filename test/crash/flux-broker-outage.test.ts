import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { campaign } from '../../src/workflows';
import { CommandRunner, FluxAdapter } from '../../src/schedulers';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import {
  assertLocalFluxRunning,
  expectNoActiveFluxJobs,
  expectOneFluxJobPerAttempt,
  useLocalFluxInThisProcess,
} from '../flux/helpers/local-flux';
import { PrivateFluxInstance } from '../flux/helpers/private-flux';
import { waitFor } from '../harness/processes';
import { useRunningTestWorker } from '../harness/temporal';
import { ORCA_OUTPUT_FILE } from '../../src/jobs/verdict';
import { attemptsOf, jobsOf, query } from './support';

/**
 * How long the broker stays stopped. A minute is 60 poll intervals here, twice the 30 s a flux command
 * may take before it counts as unreachable, twice the activities' 30 s heartbeat timeout, and as long as
 * the activity retry backoff's cap (1 minute): every path that meets the outage meets it several times.
 */
const OUTAGE_MS = 60_000;

// The Flux broker stopped for a minute in the middle of a campaign. A single broker is both the controller
// and the executor of its jobs, so stopping it for real ends them; SIGSTOP stops it the way a hung or
// unreachable controller is stopped: nothing answers, the jobs keep running. Nothing may fail or time out
// because of it. A private instance: the clone's shared one serves other test files meanwhile.
describe('Flux broker stopped for a minute mid-campaign', () => {
  let instance: PrivateFluxInstance;
  beforeAll(async () => {
    instance = await PrivateFluxInstance.start(assertLocalFluxRunning().executable, 'outage');
    useLocalFluxInThisProcess(instance);
    process.env.ORCASIM_CYCLE_DELAY_MS = '1500';
  });
  const harness = useRunningTestWorker('flux-outage');
  afterAll(async () => {
    await instance?.remove();
  });

  it('fails and times out nothing: every job completes once the broker is back', async () => {
    const faults = ['', '', '', 'scf-not-converged attempts=1', '', '', '', ''];
    const csv = writeCampaignCsv(faults);
    const campaignId = `outage-${randomUUID().slice(0, 8)}`;
    const handle = await harness.client.workflow.start(campaign, {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(csv, {
          scheduler: { kind: 'flux', exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
          // the broker's own time limit keeps counting while it is stopped: leave room for the outage
          orca: { ...campaignInput(csv).orca, memoryMb: 500, walltimeMinutes: 5 },
          maxInFlight: 3,
          pollIntervalSeconds: 1,
          graceMinutes: 0.5,
        }),
      ],
    });

    // Flux's RUN state comes before the job shell has read its job from the broker: freezing then would
    // hold the job until the thaw. Freeze once a job's program is computing (its output holds an energy).
    await waitFor('a job computing', () => jobComputing(campaignId), 120_000);
    instance.freeze();
    const frozenAt = Date.now();
    let waitingSubmissions: number;
    let unreachable: string[];
    try {
      // What the worker meets meanwhile: every status of the campaign's jobs is unreachable.
      const open = await query<{ scheduler_id: string; job_name: string }>(
        `SELECT scheduler_id, job_name FROM attempts WHERE campaign_id = $1 AND scheduler_id IS NOT NULL`,
        [campaignId],
      );
      const probe = new FluxAdapter({ runner: new CommandRunner(5_000) });
      const statuses = await probe.statusMany(
        open.map((row) => ({ schedulerId: row.scheduler_id, name: row.job_name })),
      );
      unreachable = [...statuses.values()].map((status) => status.state);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, frozenAt + OUTAGE_MS - Date.now())));
      const waiting = await query<{ n: string }>(
        'SELECT count(*) AS n FROM attempts WHERE campaign_id = $1 AND scheduler_id IS NULL',
        [campaignId],
      );
      waitingSubmissions = Number(waiting[0]!.n);
    } finally {
      instance.thaw();
    }
    const thawedAt = Date.now();
    const summary = await handle.result();

    expect(unreachable.length).toBeGreaterThan(0);
    expect(new Set(unreachable)).toEqual(new Set(['unreachable']));
    // jobs that finished during the outage reported themselves; the next ones waited to be submitted
    const reportedDuring = await query<{ n: string }>(
      `SELECT count(*) AS n FROM attempts WHERE campaign_id = $1
         AND reported_at BETWEEN to_timestamp($2 / 1000.0) AND to_timestamp($3 / 1000.0)`,
      [campaignId, frozenAt, thawedAt],
    );
    expect(Number(reportedDuring[0]!.n)).toBeGreaterThan(0);
    expect(waitingSubmissions).toBeGreaterThan(0);

    expect(summary.counts).toMatchObject({ completed: 8, failed: 0, timeout: 0, cancelled: 0 });
    const jobs = await jobsOf(campaignId);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual(
      faults.map((fault) => ['completed', fault ? 2 : 1]),
    );
    const attempts = await attemptsOf(campaignId);
    expect(attempts.filter((a) => a.status !== 'completed').map((a) => [a.job_id, a.reason])).toEqual([
      ['row-000003', 'scf-not-converged'],
    ]);
    const heldDuplicates = await expectOneFluxJobPerAttempt(instance, attempts);
    await expectNoActiveFluxJobs(instance, campaignId);
    console.log(
      `[outage] Flux broker stopped ${(OUTAGE_MS / 1000).toFixed(0)} s: ${unreachable.length} jobs unreachable, ` +
        `${reportedDuring[0]!.n} reported themselves meanwhile, ${waitingSubmissions} submissions waited, ` +
        `${heldDuplicates} late submissions held and cancelled; ` +
        `campaign done ${((Date.now() - thawedAt) / 1000).toFixed(0)} s after the broker came back`,
    );
  }, 480_000);
});

/** True once a running attempt's ORCA output shows a finished SCF (its program started and computes). */
async function jobComputing(campaignId: string): Promise<true | undefined> {
  const running = await query<{ job_dir: string }>(
    `SELECT job_dir FROM attempts WHERE campaign_id = $1 AND status = 'running'`,
    [campaignId],
  );
  for (const { job_dir: jobDir } of running) {
    try {
      if (readFileSync(path.join(jobDir, ORCA_OUTPUT_FILE), 'utf8').includes('FINAL SINGLE POINT ENERGY'))
        return true;
    } catch {
      // not written yet
    }
  }
  return undefined;
}
