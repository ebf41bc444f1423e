import type { RetryPolicy } from '@temporalio/common';

/**
 * Activities here touch Postgres, the file system and the scheduler: every failure is assumed
 * transient (an outage) and retried without limit, backing off to once a minute.
 */
export const retryForever: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};
