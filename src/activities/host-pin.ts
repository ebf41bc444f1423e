import type { Config } from '../config';
import type { LocalHostPin } from '../jobs/types';

/**
 * Where a campaign's local-runner jobs live. The local runner's jobs are processes of the machine
 * that launched them, checked by pid and by files in its own index: only that host's workers may
 * submit, poll or cancel them, so a campaign on the local runner asks this once, at its start, and
 * schedules those activities on the answer's task queue from then on.
 */
export function createHostPinActivities(config: Config, hostTaskQueue: string | undefined) {
  return {
    /** The host task queue of the worker running this; null when this process polls none. */
    localHostQueue(): Promise<LocalHostPin | null> {
      return Promise.resolve(hostTaskQueue ? { host: config.workerHost, taskQueue: hostTaskQueue } : null);
    },
  };
}
