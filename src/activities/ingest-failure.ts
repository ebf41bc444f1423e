import { ApplicationFailure } from '@temporalio/common';
import { IngestInputError } from '../ingest/input-error';

/** The campaign workflow does not retry this type: the input itself is wrong. */
export const INGEST_INPUT_ERROR = 'IngestInputError';

/** An `IngestInputError` becomes a non-retryable failure of that type, same message; the rest pass. */
export function asIngestFailure(error: unknown): unknown {
  if (!(error instanceof IngestInputError)) return error;
  return ApplicationFailure.create({
    type: INGEST_INPUT_ERROR,
    message: error.message,
    nonRetryable: true,
    cause: error.cause instanceof Error ? error.cause : undefined,
  });
}

/** Runs an ingest core call, its input errors mapped by `asIngestFailure`. */
export async function mappingIngestErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asIngestFailure(error);
  }
}
