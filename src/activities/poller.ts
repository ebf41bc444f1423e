import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { SchedulerSettings } from '../campaign/input';
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

interface TrackedAttempt {
  job_id: string;
  attempt: number;
  job_name: string;
  scheduler_id: string;
  status: 'submitted' | 'running';
}

/**
 * ONE batched scheduler query for every active attempt of a campaign, however many there are.
 * Jobs are signalled before Postgres is updated, and ended jobs are signalled on every poll until
 * their workflow records the verdict: a crash between the two steps loses nothing.
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
      const { rows } = await pool.query<TrackedAttempt>(
        `SELECT job_id, attempt, job_name, scheduler_id, status FROM attempts
         WHERE campaign_id = $1 AND status IN ('submitted', 'running') AND scheduler_id IS NOT NULL`,
        [campaignId],
      );
      const summary: PollSummary = { tracked: rows.length, started: 0, ended: 0, unreachable: 0 };
      if (rows.length === 0) return summary;
      const refs: JobRef[] = rows.map((r) => ({ schedulerId: r.scheduler_id, name: r.job_name }));
      const statuses = await schedulers.get(scheduler).statusMany(refs);

      const notifications: (() => Promise<void>)[] = [];
      const nowRunning: TrackedAttempt[] = [];
      for (const row of rows) {
        const status = statuses.get(row.scheduler_id);
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
              .getHandle(`${campaignId}/${row.job_id}`)
              .signal(schedulerUpdateSignal, update);
          } catch {
            // The job workflow already closed (e.g. it finished on its own report): nothing to tell.
          }
        });
      }
      await runLimited(notifications, SIGNAL_CONCURRENCY);
      if (nowRunning.length) {
        await pool.query(
          `UPDATE attempts a SET status = 'running', started_at = coalesce(a.started_at, now())
           FROM unnest($2::text[], $3::int[]) AS t(job_id, attempt)
           WHERE a.campaign_id = $1 AND a.job_id = t.job_id AND a.attempt = t.attempt AND a.status = 'submitted'`,
          [campaignId, nowRunning.map((r) => r.job_id), nowRunning.map((r) => r.attempt)],
        );
        await pool.query(
          `UPDATE jobs SET status = 'running', updated_at = now()
           WHERE campaign_id = $1 AND job_id = ANY($2::text[]) AND status = 'submitted'`,
          [campaignId, nowRunning.map((r) => r.job_id)],
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
