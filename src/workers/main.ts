import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { createOrcastrateWorker } from './create-worker';

/** Runs one worker until SIGINT/SIGTERM (the Temporal SDK handles the signals and drains). */
export async function runWorker(): Promise<void> {
  const config = loadConfig();
  const pool = createPool(config.databaseUrl);
  const { worker, close } = await createOrcastrateWorker(config, pool);
  console.log(
    `orcastrate worker: task queue ${config.temporal.taskQueue} on ${config.temporal.address} (namespace ${config.temporal.namespace})`,
  );
  try {
    await worker.run();
  } finally {
    await close();
    await pool.end();
  }
}

if (require.main === module) {
  runWorker().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
