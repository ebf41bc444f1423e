import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { JOB_STATUSES, type StatusCounts } from '../campaign/statuses';
import { campaignExists } from '../db';
import { CampaignNotFoundError } from './campaign-errors';
import { checkCampaignId } from './campaign-jobs';
import { campaignLiveState, findCampaignWorkflow, type CampaignWorkflow } from './campaign-workflow';
import { totalCount } from './progress';
import { TransitionFeed } from './transition-feed';
import { countsEvent, type TransitionEvent, type WatchEvent } from './watch-events';

export const DEFAULT_WATCH_INTERVAL_SECONDS = 2;

export interface WatchOptions {
  /** Seconds between polls (default 2). */
  intervalSeconds?: number;
  /** Ends the watch (no final event) when aborted, e.g. on Ctrl-C: at once while it waits, else after the call under way. */
  signal?: AbortSignal;
  /** Skips the lookup when the caller knows both ids (e.g. right after starting the campaign). */
  campaign?: CampaignWorkflow;
}

export interface WatchDependencies {
  client: Client;
  pool: Pool;
}

function sameCounts(a: StatusCounts, b: StatusCounts): boolean {
  return JOB_STATUSES.every((status) => a[status] === b[status]);
}

/** Resolves when `ms` have passed or `signal` aborts, whichever is first. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function resolveCampaign(deps: WatchDependencies, id: string): Promise<CampaignWorkflow | undefined> {
  const found = await findCampaignWorkflow(deps.client, id);
  if (found) return found;
  checkCampaignId(id);
  // No workflow (never started through Temporal, or past retention): Postgres alone can still say.
  if (await campaignExists(deps.pool, id)) return { workflowId: id, campaignId: id };
  return undefined;
}

/**
 * The campaign's progress: its counts now, then every job transition (each exactly once, in the
 * order Postgres recorded them) and the counts whenever they change, until it settles (every job
 * final) or its workflow is closed, which ends the stream with a `settled` or `closed` event.
 * Each poll reads only the transitions written since the last one.
 */
export async function* watchCampaign(
  deps: WatchDependencies,
  id: string,
  options: WatchOptions = {},
): AsyncGenerator<WatchEvent, void, undefined> {
  const intervalMs = (options.intervalSeconds ?? DEFAULT_WATCH_INTERVAL_SECONDS) * 1000;
  const target = options.campaign ?? (await resolveCampaign(deps, id));
  if (!target) throw new CampaignNotFoundError(id);
  const { campaignId, workflowId } = target;
  const opened = await TransitionFeed.open(deps.pool, campaignId);
  const feed = opened.feed;
  let counts = opened.counts;
  let shown = counts;
  yield countsEvent(campaignId, counts);
  let recountNext = false;

  while (!options.signal?.aborted) {
    // Temporal first: whatever was final when it answered is in Postgres by the read below.
    const live = await campaignLiveState(deps.client, workflowId).catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError)
        return { state: 'closed' as const, workflowStatus: 'NOT_FOUND' };
      throw error;
    });
    // Calls are never abandoned half-way (closing a connection under one can crash the process).
    if (options.signal?.aborted) return;
    const final = live.state !== 'running';
    // Jobs inserted after the feed opened (ingest still going) change counts without a transition.
    const workflowTotal =
      live.state === 'closed' || !live.status ? undefined : totalCount(live.status.counts);
    const recount =
      final ||
      recountNext ||
      (live.state === 'running' && live.status?.phase === 'ingesting') ||
      (workflowTotal !== undefined && workflowTotal !== totalCount(counts));
    const read = await feed.next(recount);
    for (const t of read.transitions) {
      const event: TransitionEvent = {
        type: 'transition',
        campaignId,
        jobId: t.jobId,
        row: t.rowIndex,
        from: t.from,
        to: t.to,
        reason: t.reason,
        attempts: t.attempts,
        at: t.at.toISOString(),
      };
      yield event;
      if (!recount) counts = { ...counts, [t.from]: counts[t.from] - 1, [t.to]: counts[t.to] + 1 };
    }
    if (read.counts) counts = read.counts;
    recountNext = JOB_STATUSES.some((status) => counts[status] < 0);
    if (!recountNext && !sameCounts(counts, shown)) {
      shown = counts;
      yield countsEvent(campaignId, counts);
    }
    if (final) {
      const at = new Date().toISOString();
      if (live.state === 'settled') {
        yield { type: 'settled', campaignId, workflowId, at, counts, closesAt: live.status.closesAt };
      } else {
        yield { type: 'closed', campaignId, workflowId, at, counts, workflowStatus: live.workflowStatus };
      }
      return;
    }
    await sleep(intervalMs, options.signal);
  }
}
