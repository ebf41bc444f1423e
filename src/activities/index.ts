// Activities: the I/O side of every workflow (scheduler calls, job files, ORCA parsing, Postgres via src/db).
// May import cores, src/db, src/schedulers, @temporalio/activity|common (client: types); of src/workflows ONLY messages.ts.
import { createActiveLearningActivities } from './active-learning';
import { createCampaignCheckActivities } from './campaign-checks';
import { createCampaignDbActivities } from './campaign-db';
import { SchedulerRegistry, type ActivityDependencies } from './deps';
import { createJobAttemptActivities } from './job-attempts';
import { createJobStartActivities } from './job-starts';
import { createMergedJobStepActivities } from './job-merged-steps';
import { createPollerActivities } from './poller';
import { withFailureClassification } from './failure-classes';
import { withHeartbeats } from './heartbeat';
import { createHostPinActivities } from './host-pin';
import { createOperatorActionActivities } from './operator-actions';
import { createStackProbeActivities } from './stack-probe';
import { ensureDirectoryTree } from '../schedulers/path-safety';

export type { ActivityDependencies } from './deps';

export function createActivities({ pool, config, client, hostTaskQueue, schedulers }: ActivityDependencies) {
  // Job directories must resolve inside the data root, so it has to exist before the first job.
  ensureDirectoryTree(config.dataRoot);
  const host = hostTaskQueue ? { name: config.workerHost, taskQueue: hostTaskQueue } : undefined;
  const registry = schedulers ?? new SchedulerRegistry(config.dataRoot, host);
  const jobAttempts = createJobAttemptActivities(pool, config, registry);
  return withHeartbeats(
    withFailureClassification({
      ...createStackProbeActivities(pool),
      ...createCampaignDbActivities(pool),
      ...createJobStartActivities(client, pool),
      ...jobAttempts,
      ...createMergedJobStepActivities(client, config.dataRoot, jobAttempts),
      ...createCampaignCheckActivities(config),
      ...createPollerActivities(pool, client, registry),
      ...createActiveLearningActivities(pool, config, registry),
      ...createOperatorActionActivities(pool, client),
      ...createHostPinActivities(config, hostTaskQueue),
    }),
  );
}

export type Activities = ReturnType<typeof createActivities>;
