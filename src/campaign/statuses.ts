export const JOB_STATUSES = [
  'waiting',
  'ready',
  'submitted',
  'running',
  'completed',
  'failed',
  'timeout',
  'cancelled',
  'blocked',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `blocked`: a pipeline step one of whose dependencies failed, timed out or was cancelled. */
export const FINAL_JOB_STATUSES: readonly JobStatus[] = [
  'completed',
  'failed',
  'timeout',
  'cancelled',
  'blocked',
];

/** Ended without a result: a job so ended blocks the pipeline steps that depend on it. */
export const UNSUCCESSFUL_JOB_STATUSES: readonly JobStatus[] = ['failed', 'timeout', 'cancelled'];

export function isFinalJobStatus(status: JobStatus): boolean {
  return FINAL_JOB_STATUSES.includes(status);
}

export type StatusCounts = Record<JobStatus, number>;

export function emptyStatusCounts(): StatusCounts {
  return {
    waiting: 0,
    ready: 0,
    submitted: 0,
    running: 0,
    completed: 0,
    failed: 0,
    timeout: 0,
    cancelled: 0,
    blocked: 0,
  };
}
