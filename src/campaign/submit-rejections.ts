/** Failure reasons of jobs that never reached the scheduler because it (or the job directory) refused them. */
export const SUBMIT_REJECTED = 'submit-rejected';
export const PREPARE_FAILED = 'prepare-failed';

export function isSubmitRejection(reason: string | undefined): boolean {
  return reason !== undefined && (reason.startsWith(SUBMIT_REJECTED) || reason.startsWith(PREPARE_FAILED));
}

/**
 * Counts jobs in a row that ended because their submission was refused. A campaign with a wrong
 * partition or account would otherwise fail every one of its jobs the same way; after `limit` in a
 * row it pauses instead, with the last refusal as its reason. Any other outcome resets the count.
 * Pure (no Temporal imports): the campaign workflow keeps one in its state.
 */
export class SubmitRejectionTracker {
  private consecutive = 0;
  private lastReason = '';

  constructor(
    private readonly limit: number,
    carried?: { consecutive: number; lastReason: string },
  ) {
    if (carried) {
      this.consecutive = carried.consecutive;
      this.lastReason = carried.lastReason;
    }
  }

  /** Records a finished job; returns the pause reason when this finish reaches the limit. */
  record(status: string, reason: string | undefined): string | undefined {
    if (status === 'cancelled') return undefined;
    if (!isSubmitRejection(reason)) {
      this.consecutive = 0;
      return undefined;
    }
    this.consecutive += 1;
    this.lastReason = reason ?? '';
    if (this.consecutive !== this.limit) return undefined;
    return `paused after ${this.consecutive} jobs in a row could not be submitted; last: ${this.lastReason}`;
  }

  /** After an operator resumes, the count starts again. */
  reset(): void {
    this.consecutive = 0;
  }

  get state(): { consecutive: number; lastReason: string } {
    return { consecutive: this.consecutive, lastReason: this.lastReason };
  }
}
