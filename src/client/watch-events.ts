import { JOB_STATUSES, type JobStatus, type StatusCounts } from '../campaign/statuses';
import { completionBar, doneCount, totalCount } from './progress';

/** How many jobs are in each status; `done` counts the final ones. */
export interface CountsEvent {
  type: 'counts';
  campaignId: string;
  at: string;
  counts: StatusCounts;
  done: number;
  total: number;
}

/** One job moved from one status to another (as recorded in Postgres, at `at`). */
export interface TransitionEvent {
  type: 'transition';
  campaignId: string;
  jobId: string;
  row: number;
  from: JobStatus;
  to: JobStatus;
  reason: string | null;
  attempts: number;
  at: string;
}

/** Every job is final; the campaign workflow stays open until `closesAt` (if it says) for resets. */
export interface SettledEvent {
  type: 'settled';
  campaignId: string;
  workflowId: string;
  at: string;
  counts: StatusCounts;
  closesAt?: string;
}

/** The campaign workflow is closed; `workflowStatus` is Temporal's (COMPLETED, FAILED, CANCELLED, …). */
export interface ClosedEvent {
  type: 'closed';
  campaignId: string;
  workflowId: string;
  at: string;
  counts: StatusCounts;
  workflowStatus: string;
}

/** What `orcastrate watch --json` prints, one per line, and `Orcastrate.watch` yields. */
export type WatchEvent = CountsEvent | TransitionEvent | SettledEvent | ClosedEvent;

export function countsEvent(campaignId: string, counts: StatusCounts): CountsEvent {
  return {
    type: 'counts',
    campaignId,
    at: new Date().toISOString(),
    counts: { ...counts },
    done: doneCount(counts),
    total: totalCount(counts),
  };
}

function countsText(counts: StatusCounts): string {
  const parts = JOB_STATUSES.filter((status) => counts[status] > 0).map(
    (status) => `${status} ${counts[status]}`,
  );
  return parts.length ? parts.join(', ') : 'no jobs yet';
}

/** The readable line for an event (human mode of `watch` and `start --follow`). */
export function formatWatchEvent(event: WatchEvent): string {
  switch (event.type) {
    case 'counts':
      return (
        `${event.at}  ${completionBar(event.done, event.total)} ${event.done}/${event.total} done  ` +
        countsText(event.counts)
      );
    case 'transition':
      return (
        `${event.at}  ${event.jobId} (row ${event.row})  ${event.from} → ${event.to}  ` +
        `attempts ${event.attempts}${event.reason ? `  ${event.reason}` : ''}`
      );
    case 'settled':
      return (
        `${event.at}  campaign ${event.campaignId} settled: every job is final (${countsText(event.counts)})` +
        (event.closesAt ? `; it stays open for resets until ${event.closesAt}` : '')
      );
    case 'closed':
      return (
        `${event.at}  campaign ${event.campaignId} closed (workflow ${event.workflowStatus}): ` +
        countsText(event.counts)
      );
  }
}
