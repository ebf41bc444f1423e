import { ApplicationFailure } from '@temporalio/common';
import { DatabaseError } from 'pg';

/** The campaign workflow does not retry this type: the input itself is wrong. */
export const INGEST_INPUT_ERROR = 'IngestInputError';

export function ingestInputError(message: string, cause?: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type: INGEST_INPUT_ERROR,
    message,
    nonRetryable: true,
    cause: cause instanceof Error ? cause : undefined,
  });
}

export function isIngestInputError(error: unknown): error is ApplicationFailure {
  return error instanceof ApplicationFailure && error.type === INGEST_INPUT_ERROR;
}

/**
 * SQLSTATE class 22 (data exception: out of range, bad text, bad JSON …) and class 23 (integrity
 * constraint violation): the rows are wrong, so retrying the same rows fails the same way.
 */
export function isDataError(error: unknown): error is DatabaseError {
  return error instanceof DatabaseError && /^2[23]/.test(error.code ?? '');
}

const MAX_DETAIL_CHARS = 300;

export function describeDatabaseError(error: DatabaseError): string {
  // a check violation's detail holds the whole failing row, multi-line geometry included
  const detail = (error.detail ?? '').replace(/\s+/g, ' ');
  const shown = detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS)}…` : detail;
  return `${error.message}${shown ? ` (${shown})` : ''} [SQLSTATE ${error.code}]`;
}
