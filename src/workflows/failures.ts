import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** The non-retryable failure an activity raised (a permanent refusal), or undefined. */
export function permanentCause(error: unknown): ApplicationFailure | undefined {
  if (!(error instanceof ActivityFailure)) return undefined;
  const cause = error.cause;
  return cause instanceof ApplicationFailure && cause.nonRetryable ? cause : undefined;
}

/**
 * Fails the workflow with the activity's own typed failure, so its type and message are what the
 * Web UI and `temporal workflow describe` show first (not "activity task failed").
 */
export function asWorkflowFailure(error: unknown): unknown {
  const cause = permanentCause(error);
  if (!cause) return error;
  return ApplicationFailure.create({
    type: cause.type ?? 'PermanentActivityFailure',
    message: cause.message,
    nonRetryable: true,
    details: cause.details ? [...cause.details] : undefined,
  });
}

export function describeFailure(error: unknown): string {
  const cause = error instanceof ActivityFailure ? (error.cause ?? error) : error;
  return (cause instanceof Error ? cause.message : String(cause)).slice(0, 500);
}
