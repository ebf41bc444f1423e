import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { durableActivity, retryForever } from './activity-options';

export const db = proxyActivities<Activities>(durableActivity('2 minutes'));
/**
 * The same Postgres reads run as local activities: one marker event each in the campaign's history
 * instead of three events and a workflow task of their own.
 */
export const localDb = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: retryForever,
});
export const ingest = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { ...retryForever, nonRetryableErrorTypes: ['IngestInputError'] },
});
