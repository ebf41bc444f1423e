// Activities: the I/O side of every workflow (scheduler calls, job files, ORCA parsing, Postgres via src/db).
// May import cores, src/db, src/schedulers, @temporalio/activity|common (client: types); of src/workflows ONLY messages.ts.
import { createActiveLearningActivities } from './active-learning';
import { createCampaignCheckActivities } from './campaign-checks';
import { createCampaignDbActivities } from './campaign-db';
import { SchedulerRegistry, type ActivityDependencies } from './deps';
import { createJobAttemptActivities } from './job-attempts';
import { createPollerActivities } from './poller';
import { withFailureClassification } from './failure-classes';
import { withHeartbeats } from './heartbeat';
import { createHostPinActivities } from './host-pin';
import { createOperatorActionActivities } from './operator-actions';
import { createStackProbeActivities } from './stack-probe';
import { ensureDirectoryTree } from '../schedulers/path-safety';

export type { ActivityDependencies } from './deps';

export function createActivities({ pool, config, client, hostTaskQueue }: ActivityDependencies) {
  // Job directories must resolve inside the data root, so it has to exist before the first job.
  ensureDirectoryTree(config.dataRoot);
  const host = hostTaskQueue ? { name: config.workerHost, taskQueue: hostTaskQueue } : undefined;
  const schedulers = new SchedulerRegistry(config.dataRoot, host);
  return withHeartbeats(
    withFailureClassification({
      ...createStackProbeActivities(pool),
      ...createCampaignDbActivities(pool),
      ...createJobAttemptActivities(pool, config, schedulers),
      ...createCampaignCheckActivities(config),
      ...createPollerActivities(pool, client, schedulers),
      ...createActiveLearningActivities(pool, config, schedulers),
      ...createOperatorActionActivities(pool, client),
      ...createHostPinActivities(config, hostTaskQueue),
    }),
  );
}

export type Activities = ReturnType<typeof createActivities>;
