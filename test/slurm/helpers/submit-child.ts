// Child process for the crash test: submits one job to SLURM and SIGKILLs itself right after sbatch
// returned, before the marker is written.
import { SlurmAdapter, type JobSpec } from '../../../src/schedulers';

const [specJson = ''] = process.argv.slice(2);
const slurm = new SlurmAdapter({
  afterSchedulerAccepted: (schedulerId) => {
    process.stdout.write(`${schedulerId}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
});
slurm.submit(JSON.parse(specJson) as JobSpec).then(
  () => process.exit(3), // reaching this means the hook did not run
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
