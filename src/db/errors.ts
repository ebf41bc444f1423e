import { DatabaseError } from 'pg';

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
