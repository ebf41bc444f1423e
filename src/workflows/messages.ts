import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { JobStatus, StatusCounts } from '../campaign/statuses';

/** Sent by `orcastrate report` from the end of a job script. */
export interface AttemptReport {
  attempt: number;
  exitCode: number;
}

/** Sent by the campaign's batched poller when the scheduler's view of an attempt changes. */
export interface SchedulerUpdate {
  attempt: number;
  state: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout' | 'unknown';
  exitCode?: number;
}

export interface JobFinished {
  jobId: string;
  status: JobStatus;
  reason?: string;
}

export interface ResetFailedOptions {
  includeTimeouts?: boolean;
  /** Only reset jobs that have failed at most this many times. */
  maxFailCount?: number;
}

export interface CampaignStatus {
  campaignId: string;
  phase: 'ingesting' | 'running' | 'paused' | 'cancelling' | 'finished';
  counts: StatusCounts;
  inFlight: number;
  maxInFlight: number;
  generation: number;
  ingest?: { good: number; bad: number };
}

export const attemptReportSignal = defineSignal<[AttemptReport]>('attemptReport');
export const schedulerUpdateSignal = defineSignal<[SchedulerUpdate]>('schedulerUpdate');
export const jobFinishedSignal = defineSignal<[JobFinished]>('jobFinished');

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const cancelCampaignSignal = defineSignal('cancel');
export const setMaxInFlightSignal = defineSignal<[number]>('setMaxInFlight');
/** Signal form of resetFailed, for `temporal workflow signal` (no return value). */
export const resetFailedSignal = defineSignal<[ResetFailedOptions?]>('resetFailed');
/** Update form: returns how many jobs were reset. */
export const resetFailedUpdate = defineUpdate<number, [ResetFailedOptions]>('resetFailed');

export const campaignStatusQuery = defineQuery<CampaignStatus>('status');
