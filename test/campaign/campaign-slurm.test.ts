import { expectOneSlurmJobPerAttempt } from '../crash/support';
import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { runSchedulerScenario } from './scheduler-scenario';

// The campaign end to end on the real local SLURM (scripts/local-slurm.sh): sbatch, batched squeue/sacct
// polls, the self-report hook and the recovery ladder, on whichever topology the run uses.
describe('campaign on SLURM with the ORCA simulator', () => {
  const harness = useRunningTestWorker('campaign-slurm', assertLocalSlurmRunning);

  it('runs every job to the status its output deserves, one SLURM job per attempt', async () => {
    const { client, config } = harness;
    const { attempts } = await runSchedulerScenario(client, config.temporal.taskQueue, 'slurm');
    expectOneSlurmJobPerAttempt(attempts);
  }, 240_000);
});
