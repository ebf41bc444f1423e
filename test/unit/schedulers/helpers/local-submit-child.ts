// Child process for local-runner tests: submits one job, then exits at once (or SIGKILLs itself
// between the runner accepting the job and the marker being written). Prints the submit result.
import { LocalRunner, type JobSpec } from '../../../../src/schedulers';

async function main(): Promise<void> {
  const [stateDir = '', specJson = '', mode = 'exit', maxConcurrent = '4'] = process.argv.slice(2);
  const runner = new LocalRunner({
    stateDir,
    maxConcurrent: Number(maxConcurrent),
    afterSchedulerAccepted:
      mode === 'die-after-accept' ? () => process.kill(process.pid, 'SIGKILL') : undefined,
  });
  const result = await runner.submit(JSON.parse(specJson) as JobSpec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
