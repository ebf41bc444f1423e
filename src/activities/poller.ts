import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { SchedulerSettings } from '../campaign/input';
import {
  attemptsToPoll,
  markAttemptEndsDelivered,
  markAttemptsRunning,
  moveJobs,
  type OpenAttempt,
} from '../db';
import { TERMINAL_STATES, type JobRef } from '../schedulers';
import { schedulerUpdateSignal } from '../workflows/messages';
import type { SchedulerRegistry } from './deps';

const SIGNAL_CONCURRENCY = 32;

export interface PollSummary {
  tracked: number;
  started: number;
  ended: number;
  unreachable: number;
}

/**
 * ONE batched scheduler query for every active attempt of a campaign, however many there are.
 * Jobs are signalled before Postgres is updated: a crash between the two steps loses nothing. An
 * attempt's end is signalled once: after its signal was delivered the attempt is no longer polled.
 * 'unknown' is not an end yet (the workflow waits for a few of them), so it is signalled every poll.
 */
export function createPollerActivities(pool: Pool, client: Client, schedulers: SchedulerRegistry) {
  return {
    async pollCampaign({
      campaignId,
      scheduler,
    }: {
      campaignId: string;
      scheduler: SchedulerSettings;
    }): Promise<PollSummary> {
      const rows = await attemptsToPoll(pool, campaignId);
      const summary: PollSummary = { tracked: rows.length, started: 0, ended: 0, unreachable: 0 };
      if (rows.length === 0) return summary;
      const refs: JobRef[] = rows.map((r) => ({ schedulerId: r.schedulerId, name: r.jobName }));
      const statuses = await schedulers.get(scheduler).statusMany(refs);

      const notifications: (() => Promise<void>)[] = [];
      const nowRunning: OpenAttempt[] = [];
      const endsDelivered: OpenAttempt[] = [];
      for (const row of rows) {
        const status = statuses.get(row.schedulerId);
        if (!status || status.state === 'unreachable') {
          summary.unreachable += 1;
          continue;
        }
        const ended = TERMINAL_STATES.has(status.state) || status.state === 'unknown';
        const started = status.state === 'running' && row.status === 'submitted';
        if (!ended && !started) continue;
        if (ended) summary.ended += 1;
        if (started) {
          summary.started += 1;
          nowRunning.push(row);
        }
        const update = {
          attempt: row.attempt,
          state: status.state,
          exitCode: status.exitCode,
          lost: status.lost,
        };
        notifications.push(async () => {
          try {
            await client.workflow
              .getHandle(`${campaignId}/${row.jobId}`)
              .signal(schedulerUpdateSignal, update);
          } catch {
            // The job workflow already closed (e.g. it finished on its own report): nothing to tell.
            return;
          }
          if (TERMINAL_STATES.has(status.state)) endsDelivered.push(row);
        });
      }
      await runLimited(notifications, SIGNAL_CONCURRENCY);
      await markAttemptEndsDelivered(pool, campaignId, endsDelivered);
      if (nowRunning.length) {
        await markAttemptsRunning(pool, campaignId, nowRunning);
        await moveJobs(
          pool,
          campaignId,
          nowRunning.map((r) => r.jobId),
          'running',
          ['submitted'],
        );
      }
      return summary;
    },
  };
}

async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  });
  await Promise.all(lanes);
}
