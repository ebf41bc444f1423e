import { randomUUID } from 'node:crypto';
import { campaign } from '../../src/workflows';
import { attemptsOf, jobsOf } from '../crash/support';
import {
  assertLocalFluxRunning,
  expectNoActiveFluxJobs,
  expectOneFluxJobPerAttempt,
  useLocalFluxInThisProcess,
  type LocalFlux,
} from '../flux/helpers/local-flux';
import { useRunningTestWorker } from '../harness/temporal';
import { campaignInput, writeCampaignCsv } from './support';

// The campaign end to end on the clone's real single-node Flux (scripts/local-flux.sh): flux batch, batched
// flux jobs polls, the self-report hook and the recovery ladder, on whichever topology the run uses.
describe('campaign on Flux with the ORCA simulator', () => {
  let flux: LocalFlux;
  const harness = useRunningTestWorker('campaign-flux', () => {
    flux = assertLocalFluxRunning();
    useLocalFluxInThisProcess(flux);
  });

  it('runs every job to the status its output deserves, one Flux job per attempt', async () => {
    const csv = writeCampaignCsv(['', '', 'scf-not-converged', 'error-termination', 'memory need=500', '']);
    const campaignId = `cf-${randomUUID().slice(0, 8)}`;
    const { client, config } = harness;
    const handle = await client.workflow.start(campaign, {
      taskQueue: config.temporal.taskQueue,
      workflowId: campaignId,
      args: [
        campaignInput(csv, {
          scheduler: { kind: 'flux', exportEnv: ['ORCASIM_CYCLE_DELAY_MS'] },
          orca: { ...campaignInput(csv).orca, memoryMb: 500, walltimeMinutes: 2 },
          pollIntervalSeconds: 1,
          graceMinutes: 0.5,
        }),
      ],
    });
    const summary = await handle.result();

    expect(summary.counts).toMatchObject({
      completed: 5,
      failed: 1,
      timeout: 0,
      ready: 0,
      running: 0,
      submitted: 0,
    });
    expect(summary.failureReasons).toEqual({ 'error-termination': 1 });
    const jobs = await jobsOf(campaignId);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
      ['completed', 1],
      ['completed', 1],
      ['completed', 2],
      ['failed', 1],
      ['completed', 2],
      ['completed', 1],
    ]);
    expect(jobs.filter((j) => j.status === 'completed').every((j) => j.final_energy_eh !== null)).toBe(true);
    const attempts = await attemptsOf(campaignId);
    expect(attempts.map((a) => [a.job_id, a.attempt, a.status, a.reason])).toEqual([
      ['row-000000', 1, 'completed', 'normal-termination'],
      ['row-000001', 1, 'completed', 'normal-termination'],
      ['row-000002', 1, 'failed', 'scf-not-converged'],
      ['row-000002', 2, 'completed', 'normal-termination'],
      ['row-000003', 1, 'failed', 'error-termination'],
      ['row-000004', 1, 'failed', 'out-of-memory'],
      ['row-000004', 2, 'completed', 'normal-termination'],
      ['row-000005', 1, 'completed', 'normal-termination'],
    ]);
    await expectOneFluxJobPerAttempt(flux, attempts);
    await expectNoActiveFluxJobs(flux, campaignId);
  }, 300_000);
});
