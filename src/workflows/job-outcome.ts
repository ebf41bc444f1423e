import {
  ApplicationFailure,
  patched,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { jobStatusKey } from '../campaign/search-attributes';
import type { JobStatus } from '../campaign/statuses';
import { jobFailure, type JobEnd } from '../jobs/outcome';
import { attemptLine, outcomeLine, retryLine } from '../jobs/workflow-labels';
import type { JobFinished } from './messages';

/** Patch ids: behaviour added while job workflows may be running (see Temporal's patching). */
const JOB_STATUS_ATTRIBUTE_PATCH = 'job-status-search-attribute';
const JOB_FAILS_ON_FAILURE_PATCH = 'job-closes-failed-on-failure';

/**
 * Shows a job's progress in the Web UI: the OrcastrateJobStatus search attribute (upserted only on a
 * change, each upsert being a history event) and the workflow's current details.
 */
export class JobStatusBoard {
  private shown: string | undefined;
  // decided once per run, so a job started before the patch never upserts halfway through
  private readonly upserts: boolean;

  /** `knownPatched`: the job was started by code that has the patch (no marker needed). */
  constructor(
    private readonly jobId: string,
    knownPatched = false,
  ) {
    this.upserts = knownPatched || patched(JOB_STATUS_ATTRIBUTE_PATCH);
    this.shown = workflowInfo().typedSearchAttributes.get(jobStatusKey);
  }

  attempt(attempt: number, status: 'submitted' | 'running'): void {
    setCurrentDetails(attemptLine(this.jobId, attempt, status));
    this.publish(status);
  }

  retrying(attempt: number, reason: string): void {
    setCurrentDetails(retryLine(this.jobId, attempt, reason));
  }

  ended(end: JobEnd): void {
    setCurrentDetails(outcomeLine(end));
    this.publish(end.status);
  }

  private publish(status: JobStatus): void {
    if (!this.upserts || status === this.shown) return;
    upsertSearchAttributes([{ key: jobStatusKey, value: status }]);
    this.shown = status;
  }
}

/**
 * The job workflow's result, or — for a failed or timed-out job — a non-retryable failure whose type
 * names the reason, so the Web UI lists the workflow as Failed. Call it only after finish(): the job
 * row is written and the campaign signalled, nothing runs after it. `knownPatched`: as for the board.
 */
export function closeJob(end: JobEnd, cause?: unknown, knownPatched = false): JobFinished {
  const failure = jobFailure(end);
  if (failure && (knownPatched || patched(JOB_FAILS_ON_FAILURE_PATCH))) {
    throw ApplicationFailure.create({
      type: failure.type,
      message: failure.message,
      nonRetryable: true,
      details: [failure.details],
      cause: cause instanceof Error ? cause : undefined,
    });
  }
  return { jobId: end.jobId, status: end.status, reason: end.reason };
}
