import { useRunningTestWorker } from '../harness/temporal';
import { assertLocalSlurmRunning } from '../slurm/helpers/local-slurm';
import { runPipelineScenario } from './pipeline-scenario';

// The 3-step pipeline on the real local SLURM: one sbatch job per (structure, step) attempt.
describe('a pipeline campaign on SLURM', () => {
  const harness = useRunningTestWorker('pipeline-slurm', assertLocalSlurmRunning);

  it('blocks the steps after a failed opt, recovers a timed-out freq, and a reset resumes at the failed step', async () => {
    const { client, config } = harness;
    await runPipelineScenario(
      client,
      config.temporal.taskQueue,
      { kind: 'slurm', localConcurrency: 4, exportEnv: ['ORCASIM_CYCLE_DELAY_MS'], exportModuleEnv: false },
      1,
    );
  }, 300_000);
});
