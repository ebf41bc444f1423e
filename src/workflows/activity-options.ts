import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';

/**
 * Activities touch Postgres, the file system and the scheduler: a failure is assumed transient (an
 * outage) and retried without limit, backing off to once a minute. Permanent errors are raised by
 * the activities themselves as non-retryable failures (src/activities/failure-classes.ts).
 */
export const retryForever: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

/**
 * Workers heartbeat every activity while it runs (src/activities/heartbeat.ts): when a worker dies,
 * its activities are retried after this, not after their whole start-to-close timeout.
 */
export const HEARTBEAT_TIMEOUT = '30 seconds';

/** Options for an activity that retries forever and heartbeats, given its start-to-close timeout. */
export function durableActivity(
  startToCloseTimeout: ActivityOptions['startToCloseTimeout'],
): ActivityOptions {
  return { startToCloseTimeout, retry: retryForever, heartbeatTimeout: HEARTBEAT_TIMEOUT };
}
