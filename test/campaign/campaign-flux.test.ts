import {
  assertLocalFluxRunning,
  expectNoActiveFluxJobs,
  expectOneFluxJobPerAttempt,
  useLocalFluxInThisProcess,
  type LocalFlux,
} from '../flux/helpers/local-flux';
import { useRunningTestWorker } from '../harness/temporal';
import { runSchedulerScenario } from './scheduler-scenario';

// The campaign end to end on the clone's real single-node Flux (scripts/local-flux.sh): flux batch, batched
// flux jobs polls, the self-report hook and the recovery ladder, on whichever topology the run uses.
describe('campaign on Flux with the ORCA simulator', () => {
  let flux: LocalFlux;
  const harness = useRunningTestWorker('campaign-flux', () => {
    flux = assertLocalFluxRunning();
    useLocalFluxInThisProcess(flux);
  });

  it('runs every job to the status its output deserves, one Flux job per attempt', async () => {
    const { client, config } = harness;
    const { campaignId, attempts } = await runSchedulerScenario(client, config.temporal.taskQueue, 'flux');
    await expectOneFluxJobPerAttempt(flux, attempts);
    await expectNoActiveFluxJobs(flux, campaignId);
  }, 300_000);
});
