import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { durableActivity, retryForever } from './activity-options';

export const db = proxyActivities<Activities>(durableActivity('2 minutes'));
export const ingest = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { ...retryForever, nonRetryableErrorTypes: ['IngestInputError'] },
});
