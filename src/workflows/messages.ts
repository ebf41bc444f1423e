import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AlPhase, GenerationRecord } from '../active-learning/input';
import type { JobStatus, StatusCounts } from '../campaign/statuses';
import {
  closeOptionsSchema,
  requestProblem,
  resetFailedOptionsSchema,
  retryJobsOptionsSchema,
  type CloseOptions,
  type ResetFailedOptions,
  type RetryJobsOptions,
} from '../campaign/operator-requests';
import {
  LOST_JOB_REASONS,
  SCHEDULER_STATES,
  type LostJobReason,
  type SchedulerState,
} from '../schedulers/types';

/** Sent by `orcastrate report` from the end of a job script. */
export interface AttemptReport {
  attempt: number;
  exitCode: number;
}

/** Sent by the campaign's batched poller when the scheduler's view of an attempt changes. */
export interface SchedulerUpdate {
  attempt: number;
  state: SchedulerState;
  exitCode?: number;
  /** With state `failed`: the job was lost (directory or state files gone or broken), not ended. */
  lost?: LostJobReason;
}

export interface JobFinished {
  jobId: string;
  status: JobStatus;
  reason?: string;
  /**
   * The job's end made other rows ready (a pipeline's dependants), possibly below the campaign's
   * cursor: the campaign scans for ready rows from its first row again.
   */
  readiedOthers?: boolean;
}

export type {
  CloseOptions,
  JobOverrides,
  ResetFailedOptions,
  RetryJobsOptions,
} from '../campaign/operator-requests';

export interface CampaignStatus {
  campaignId: string;
  /** settled: every job is final; the campaign stays open for resets until closesAt or a close. */
  phase: 'ingesting' | 'running' | 'paused' | 'cancelling' | 'settled' | 'finished';
  /** ISO time a settled campaign closes by itself. */
  closesAt?: string;
  /** Set when the campaign paused itself (e.g. the scheduler refused its jobs); cleared by resume. */
  pauseReason?: string;
  counts: StatusCounts;
  inFlight: number;
  maxInFlight: number;
  generation: number;
  ingest?: { good: number; bad: number; duplicates?: number };
  /** The host whose workers run this campaign's local-runner jobs (absent: not pinned to a host). */
  localHost?: string;
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
/** Runs the named jobs again, whatever their final status; the update returns how many. */
export const retryJobsSignal = defineSignal<[RetryJobsOptions]>('retryJobs');
export const retryJobsUpdate = defineUpdate<number, [RetryJobsOptions]>('retryJobs');
/** Closes a settled campaign now (a running one closes as soon as it settles). */
export const closeSignal = defineSignal<[CloseOptions?]>('close');
export const closeUpdate = defineUpdate<CampaignStatus['phase'], [CloseOptions]>('close');

/** Failure types of refused operator updates (the caller sees them; refused signals are only recorded). */
export const CAMPAIGN_CLOSING = 'CampaignClosing';
export const REQUEST_REFUSED = 'OperatorRequestRefused';

export const campaignStatusQuery = defineQuery<CampaignStatus>('status');

/** What an active-learning loop reports to `status` (it also takes `pause` and `resume`). */
export interface ActiveLearningStatus {
  alId: string;
  generation: number;
  phase: AlPhase;
  paused: boolean;
  stopAfterGeneration: boolean;
  maxGenerations: number;
  datasetSize: number;
  generations: GenerationRecord[];
}

export const stopAfterGenerationSignal = defineSignal('stopAfterGeneration');
export const activeLearningStatusQuery = defineQuery<ActiveLearningStatus>('status');

// Signals arrive from job scripts and from `temporal workflow signal`: their payloads are untrusted.
// Handlers ignore what does not have the declared shape instead of acting on it (or throwing).
const SCHEDULER_STATE_NAMES: ReadonlySet<string> = new Set(SCHEDULER_STATES);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isAttemptNumber = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 1;

export function isAttemptReport(value: unknown): value is AttemptReport {
  return isRecord(value) && isAttemptNumber(value.attempt) && Number.isSafeInteger(value.exitCode);
}

export function isSchedulerUpdate(value: unknown): value is SchedulerUpdate {
  return (
    isRecord(value) &&
    isAttemptNumber(value.attempt) &&
    typeof value.state === 'string' &&
    SCHEDULER_STATE_NAMES.has(value.state) &&
    (value.exitCode === undefined || value.exitCode === null || Number.isSafeInteger(value.exitCode)) &&
    (value.lost === undefined ||
      value.lost === null ||
      (LOST_JOB_REASONS as readonly unknown[]).includes(value.lost))
  );
}

export function isJobFinished(value: unknown): value is JobFinished {
  return isRecord(value) && typeof value.jobId === 'string';
}

/** Why reset-failed options are unusable (each bad field named), or undefined (absent options are fine). */
export function resetFailedOptionsProblem(options: unknown): string | undefined {
  return requestProblem(resetFailedOptionsSchema, options);
}

export function retryJobsOptionsProblem(options: unknown): string | undefined {
  return requestProblem(retryJobsOptionsSchema, options);
}

export function closeOptionsProblem(options: unknown): string | undefined {
  return requestProblem(closeOptionsSchema, options);
}
