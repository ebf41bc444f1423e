// Child process for the crash test: submits one job to the local Flux and SIGKILLs itself right after
// flux batch returned, before the marker is written.
import { FluxAdapter, type JobSpec } from '../../../src/schedulers';

const [specJson = ''] = process.argv.slice(2);
const flux = new FluxAdapter({
  afterSchedulerAccepted: (schedulerId) => {
    process.stdout.write(`${schedulerId}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
});
flux.submit(JSON.parse(specJson) as JobSpec).then(
  () => process.exit(3), // reaching this means the hook did not run
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
