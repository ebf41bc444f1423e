import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { describeError } from '../redact';
import { checkDataRoot } from './data-root';
import { describeEffectiveTuning, loadWorkerTuning } from './tuning';

const LINGER_MS = 2_000;

/** Runs one worker until SIGINT/SIGTERM (the Temporal SDK handles the signals and drains). */
export async function runWorker(): Promise<void> {
  try {
    await startAndRun();
  } catch (error) {
    // A failed Worker.create can leave the SDK's workflow threads running (seen with an unknown
    // namespace), keeping a failed worker alive forever. Cleanup is done and the caller prints the
    // error right away, so after a grace period nothing is lost by exiting.
    setTimeout(() => process.exit(1), LINGER_MS).unref();
    throw error;
  }
}

async function startAndRun(): Promise<void> {
  const config = loadConfig();
  const tuning = loadWorkerTuning();
  // before connecting anywhere: a bad data root must stop the worker at once, not after a connect
  await checkDataRoot(config.dataRoot);
  // loaded only now: the Temporal worker SDK takes most of a second to load on a busy login node
  const { createOrcastrateWorker } = await import('./create-worker');
  const pool = createPool(config.databaseUrl);
  try {
    const { worker, run, close } = await createOrcastrateWorker(config, pool, { tuning });
    const { taskQueue, hostTaskQueue, address, namespace } = config.temporal;
    console.log(
      `orcastrate worker: task queue ${taskQueue} and ${hostTaskQueue} (local-runner jobs of host ${config.workerHost}) on ${address} (namespace ${namespace}), data root ${config.dataRoot}`,
    );
    console.log(`orcastrate worker tuning: ${describeEffectiveTuning(worker.options)}`);
    try {
      await run();
    } finally {
      await close();
    }
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  runWorker().catch((error: unknown) => {
    console.error(`orcastrate worker: ${describeError(error)}`);
    process.exit(1);
  });
}
