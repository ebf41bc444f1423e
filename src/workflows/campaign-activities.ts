import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { retryForever } from './retry-policy';

// Workers heartbeat every activity while it runs (src/activities/heartbeat.ts): when a worker
// dies, its activities are retried after this, not after their whole start-to-close timeout.
const heartbeatTimeout = '30 seconds';

export const db = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: retryForever,
  heartbeatTimeout,
});
export const ingest = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { ...retryForever, nonRetryableErrorTypes: ['IngestInputError'] },
});

export const poller = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: retryForever,
  heartbeatTimeout,
});
