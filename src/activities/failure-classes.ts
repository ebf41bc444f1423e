import { ApplicationFailure } from '@temporalio/common';
import { AttemptDirectoryOwnedError } from '../jobs/attempt-owner';
import { redactSecrets } from '../redact';
import { InvalidJobSpecError, SubmitRejectedError } from '../schedulers';

/**
 * Failure types an activity raises for errors that retrying cannot fix. Workflows read `type` to
 * decide what to do (a job fails with a reason, a campaign fails or pauses); everything else stays
 * retryable with backoff.
 */
export const PERMANENT_FAILURE_TYPES = {
  submitRejected: 'SubmitRejected',
  invalidJobSpec: 'InvalidJobSpec',
  fileSystem: 'PermanentFileSystemError',
  databaseRejectedValue: 'DatabaseRejectedValue',
  invalidInput: 'InvalidInput',
  attemptDirectoryOwned: 'AttemptDirectoryOwned',
} as const;

/** Errno codes that describe the path or its permissions, not a passing condition. */
const PERMANENT_ERRNO = new Set(['EISDIR', 'ENOTDIR', 'ENAMETOOLONG', 'EACCES', 'EPERM', 'EROFS', 'ELOOP']);

/**
 * Postgres SQLSTATE classes that mean "this value or row can never be stored": 22 data exception
 * (out of range, invalid text, NUL byte), 23 integrity constraint violation.
 */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23']);

/**
 * Maps an error thrown inside an activity to what Temporal should do with it: a non-retryable
 * ApplicationFailure with a typed reason for permanent errors, the error itself (retried) for
 * anything that may pass. Messages are redacted: they end up in histories and the Web UI.
 */
export function classifyActivityError(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (!(error instanceof Error)) return error;
  const permanent = permanentFailure(error);
  if (!permanent) return error;
  return ApplicationFailure.create({
    type: permanent.type,
    message: redactSecrets(permanent.message),
    nonRetryable: true,
    cause: error,
  });
}

function permanentFailure(error: Error): { type: string; message: string } | undefined {
  if (error instanceof SubmitRejectedError) {
    return { type: PERMANENT_FAILURE_TYPES.submitRejected, message: error.schedulerMessage };
  }
  if (error instanceof AttemptDirectoryOwnedError) {
    return { type: PERMANENT_FAILURE_TYPES.attemptDirectoryOwned, message: error.message };
  }
  if (error instanceof InvalidJobSpecError) {
    return { type: PERMANENT_FAILURE_TYPES.invalidJobSpec, message: error.message };
  }
  if (error.name === 'ZodError')
    return { type: PERMANENT_FAILURE_TYPES.invalidInput, message: error.message };
  const errno = error as NodeJS.ErrnoException;
  if (
    typeof errno.code === 'string' &&
    PERMANENT_ERRNO.has(errno.code) &&
    typeof errno.syscall === 'string'
  ) {
    const where = errno.path ? ` (path ${errno.path})` : '';
    return {
      type: PERMANENT_FAILURE_TYPES.fileSystem,
      message: `${errno.code}: ${errno.syscall} failed${where}: ${error.message}`,
    };
  }
  const sqlState = (error as { code?: unknown; severity?: unknown }).code;
  if (
    typeof sqlState === 'string' &&
    /^[0-9A-Z]{5}$/.test(sqlState) &&
    typeof (error as { severity?: unknown }).severity === 'string' &&
    PERMANENT_SQLSTATE_CLASSES.has(sqlState.slice(0, 2))
  ) {
    return {
      type: PERMANENT_FAILURE_TYPES.databaseRejectedValue,
      message: `Postgres refused the value (SQLSTATE ${sqlState}): ${error.message}`,
    };
  }
  return undefined;
}

/** Wraps every activity so its errors pass through classifyActivityError. */
export function withFailureClassification<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (error) {
        throw classifyActivityError(error);
      }
    };
  }
  return wrapped as T;
}
