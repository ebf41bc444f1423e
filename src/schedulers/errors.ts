/** The scheduler could not be asked at all: command missing, timed out, or its controller is down. */
export class SchedulerUnreachableError extends Error {
  override readonly name = 'SchedulerUnreachableError';
  constructor(
    message: string,
    readonly stderr = '',
  ) {
    super(message);
  }
}

/** The scheduler answered but refused the request (bad option, invalid partition...). */
export class SchedulerCommandError extends Error {
  override readonly name: string = 'SchedulerCommandError';
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** A job spec or path that must not reach a scheduler (path escape, bad name, relative program...). */
export class InvalidJobSpecError extends Error {
  override readonly name = 'InvalidJobSpecError';
}

/**
 * The scheduler refused the submission itself for a reason that retrying cannot fix (invalid
 * partition or account, resources it can never grant). `schedulerMessage` holds its own words.
 */
export class SubmitRejectedError extends SchedulerCommandError {
  override readonly name = 'SubmitRejectedError';
  constructor(
    readonly schedulerMessage: string,
    exitCode: number | null,
    stderr: string,
  ) {
    super(`the scheduler rejected the job: ${schedulerMessage}`, exitCode, stderr);
  }
}
