import { patched, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { JobWorkflowInput, LocalHostPin } from '../jobs/types';
import type { SchedulerKind } from '../schedulers/types';
import { durableActivity } from './activity-options';

/**
 * Patch ids. A campaign on the local runner pins its jobs to the host of the worker that answers
 * localHostQueue at its first start (kept in its carry across continue-as-new); its job workflows
 * then run their host-bound activities on that host's task queue.
 */
export const CAMPAIGN_PINS_LOCAL_HOST_PATCH = 'campaign-pins-local-host';
export const JOB_ON_HOST_QUEUE_PATCH = 'job-runs-on-host-queue';

const pinning = proxyActivities<Activities>(durableActivity('1 minute'));

/**
 * At a campaign's first start: the host its local-runner jobs run on, or undefined (not the local
 * runner, a campaign started before pinning, or a worker polling no host queue): then everything
 * stays on the shared queue, as before.
 */
export async function pinLocalHost(schedulerKind: SchedulerKind): Promise<LocalHostPin | undefined> {
  if (schedulerKind !== 'local' || !patched(CAMPAIGN_PINS_LOCAL_HOST_PATCH)) return undefined;
  return (await pinning.localHostQueue()) ?? undefined;
}

/** The host task queue a job workflow sends its host-bound activities to (undefined: the shared one). */
export function jobHostQueue(input: JobWorkflowInput): string | undefined {
  if (input.hostTaskQueue === undefined || !patched(JOB_ON_HOST_QUEUE_PATCH)) return undefined;
  return input.hostTaskQueue;
}

/** Activity options that send the activity to `taskQueue`; unchanged (the shared queue) when undefined. */
export function onQueue(options: ActivityOptions, taskQueue: string | undefined): ActivityOptions {
  return taskQueue === undefined ? options : { ...options, taskQueue };
}

/**
 * The job workflow's activities that act on the job's files, processes or output: on the host
 * queue when the job is pinned (the local runner), else on the shared queue. Its Postgres-only
 * activities (loadJobStart, finishJob) always run on the shared queue.
 */
export function hostBoundJobActivities(hostTaskQueue: string | undefined) {
  const proxy = (timeout: ActivityOptions['startToCloseTimeout'], priority?: ActivityOptions['priority']) =>
    proxyActivities<Activities>(onQueue({ ...durableActivity(timeout), priority }, hostTaskQueue));
  return {
    files: proxy('1 minute'),
    scheduler: proxy('3 minutes'),
    parser: proxy('15 minutes', JOB_END_PRIORITY),
  };
}

/**
 * A job's end (its output read, its verdict recorded) goes ahead of the submissions of new jobs
 * queued on the same task queue (priority 3, the default), on a server whose matcher honours
 * priorities (src/temporal/server-dynamic-config.ts). Replay compares an activity's id and type
 * only, so running jobs take this without a patch.
 */
export const JOB_END_PRIORITY = { priorityKey: 1 } as const;

/** The campaign's host-bound activities: its prerequisites check and its batched poller. */
export function hostBoundCampaignActivities(hostTaskQueue: string | undefined) {
  return {
    checks: proxyActivities<Activities>(onQueue(durableActivity('2 minutes'), hostTaskQueue)),
    poller: proxyActivities<Activities>(onQueue(durableActivity('5 minutes'), hostTaskQueue)),
  };
}
