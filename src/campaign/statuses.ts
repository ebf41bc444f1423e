export const JOB_STATUSES = [
  'ready',
  'submitted',
  'running',
  'completed',
  'failed',
  'timeout',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'timeout', 'cancelled'];

export function isFinalJobStatus(status: JobStatus): boolean {
  return FINAL_JOB_STATUSES.includes(status);
}

export type StatusCounts = Record<JobStatus, number>;

export function emptyStatusCounts(): StatusCounts {
  return { ready: 0, submitted: 0, running: 0, completed: 0, failed: 0, timeout: 0, cancelled: 0 };
}
