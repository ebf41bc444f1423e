import { upsertSearchAttributes } from '@temporalio/workflow';
import {
  jobsDoneKey,
  jobsFailedKey,
  jobsTotalKey,
  pauseReasonKey,
  phaseKey,
} from '../campaign/search-attributes';
import type { StatusCounts } from '../campaign/statuses';

/** Publishes a campaign's phase, counts and pause reason as search attributes, only when they change. */
export class ProgressPublisher {
  private last = '';
  private publishedPauseReason: string | undefined;

  /** True when the pause reason changed since the last upsert. */
  pauseReasonChanged(pauseReason: string | undefined): boolean {
    return pauseReason !== this.publishedPauseReason;
  }

  publish(counts: StatusCounts, phase: string, pauseReason: string | undefined): void {
    const progress = JSON.stringify([phase, counts, pauseReason]);
    if (progress === this.last) return; // every upsert is a history event
    this.last = progress;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const attributes: Parameters<typeof upsertSearchAttributes>[0] = [
      { key: phaseKey, value: phase },
      {
        key: jobsDoneKey,
        // counts from before pipelines have no `blocked`
        value: counts.completed + counts.failed + counts.timeout + counts.cancelled + (counts.blocked ?? 0),
      },
      { key: jobsTotalKey, value: total },
      { key: jobsFailedKey, value: counts.failed + counts.timeout },
    ];
    // Only once a campaign has paused itself, so histories from before this attribute replay unchanged.
    if (pauseReason !== undefined || this.publishedPauseReason !== undefined) {
      attributes.push({ key: pauseReasonKey, value: pauseReason?.slice(0, 250) ?? '' });
    }
    this.publishedPauseReason = pauseReason;
    upsertSearchAttributes(attributes);
  }
}
