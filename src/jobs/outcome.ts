import { PREPARE_FAILED, SUBMIT_REJECTED } from '../campaign/submit-rejections';
import { LOST_JOB_REASONS } from '../schedulers/types';
import type { AttemptVerdict } from './types';

/** Prefix of the reason of a job whose workflow broke in a way no verdict explains. */
export const INTERNAL_ERROR = 'internal-error';

export type FinalJobStatus = 'completed' | 'failed' | 'timeout' | 'cancelled';

/** How a job ended, as its workflow knows it when it closes. */
export interface JobEnd {
  campaignId: string;
  jobId: string;
  status: FinalJobStatus;
  reason: string;
  /** Attempts made, the last one included. */
  attempts: number;
  /** The last attempt's verdict; absent when no attempt reached the scheduler. */
  verdict?: AttemptVerdict;
}

/** What a failed or timed-out job's workflow fails with (an ApplicationFailure's type, message, details). */
export interface JobFailure {
  type: string;
  message: string;
  details: {
    campaignId: string;
    jobId: string;
    status: FinalJobStatus;
    reason: string;
    attempts: number;
    errorModule?: string;
    detail?: string;
  };
}

const ORCA_FAILURE_TYPES = new Map<string, string>([
  ['error-termination', 'OrcaErrorTermination'],
  ['scf-not-converged', 'OrcaScfNotConverged'],
  ['opt-not-converged', 'OrcaOptNotConverged'],
  ['aborted', 'OrcaAborted'],
  ['error-in-tail', 'OrcaErrorInOutput'],
  ['input-error', 'OrcaInputError'],
  ['unreadable', 'OrcaOutputUnreadable'],
  ['out-of-memory', 'OrcaOutOfMemory'],
  ['no-output', 'OrcaNoOutput'],
  ['no-termination-marker', 'OrcaDidNotTerminate'],
]);

/** The failure type that names why a job ended; undefined for jobs that did not fail (completed, cancelled). */
export function failureTypeOf(status: FinalJobStatus, reason: string): string | undefined {
  if (status === 'completed' || status === 'cancelled') return undefined;
  if (status === 'timeout') return 'OrcaTimeout';
  if (reason.startsWith(SUBMIT_REJECTED)) return 'OrcastrateSubmitRejected';
  if (reason.startsWith(PREPARE_FAILED)) return 'OrcastratePrepareFailed';
  if (reason.startsWith(INTERNAL_ERROR)) return 'OrcastrateInternalError';
  if ((LOST_JOB_REASONS as readonly string[]).includes(reason)) return 'OrcastrateJobLost';
  return ORCA_FAILURE_TYPES.get(reason) ?? 'OrcaJobFailed';
}

const MAX_MESSAGE_CHARS = 1_500;

export function attemptsText(attempts: number): string {
  return `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
}

/** The failure a job's workflow closes with, or undefined when the job did not fail. */
export function jobFailure(end: JobEnd): JobFailure | undefined {
  const type = failureTypeOf(end.status, end.reason);
  if (!type) return undefined;
  // the verdict of the last attempt only explains the end when it is the reason the job ended
  const verdict = end.verdict?.reason === end.reason ? end.verdict : undefined;
  const errorModule = verdict?.errorModule;
  const detail = verdict?.detail;
  const parts = [
    `${end.jobId} of campaign ${end.campaignId} ended ${end.status}: ${end.reason}`,
    ...(errorModule ? [`ORCA module ${errorModule}`] : []),
    ...(detail ? [`last error: ${detail}`] : []),
    attemptsText(end.attempts),
  ];
  return {
    type,
    message: clip(parts.join(' · ')),
    details: {
      campaignId: end.campaignId,
      jobId: end.jobId,
      status: end.status,
      reason: end.reason,
      attempts: end.attempts,
      ...(errorModule ? { errorModule } : {}),
      ...(detail ? { detail } : {}),
    },
  };
}

function clip(text: string): string {
  return text.length <= MAX_MESSAGE_CHARS ? text : `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}
