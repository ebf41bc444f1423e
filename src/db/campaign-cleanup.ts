import type { Pool } from 'pg';

/** An attempt the scheduler may still be running (Postgres says submitted or running). */
export interface OpenAttempt {
  jobId: string;
  attempt: number;
  scheduler: 'local' | 'slurm' | 'flux';
  schedulerId: string;
  jobName: string;
}

export async function openAttempts(pool: Pool, campaignId: string): Promise<OpenAttempt[]> {
  const { rows } = await pool.query<{
    job_id: string;
    attempt: number;
    scheduler: OpenAttempt['scheduler'];
    scheduler_id: string;
    job_name: string;
  }>(
    `SELECT job_id, attempt, scheduler, scheduler_id, job_name FROM attempts
     WHERE campaign_id = $1 AND status IN ('submitted', 'running') AND scheduler_id IS NOT NULL
     ORDER BY job_id, attempt`,
    [campaignId],
  );
  return rows.map((r) => ({
    jobId: r.job_id,
    attempt: r.attempt,
    scheduler: r.scheduler,
    schedulerId: r.scheduler_id,
    jobName: r.job_name,
  }));
}

/**
 * Marks what a terminated campaign left behind as cancelled: open attempts, their jobs and the
 * jobs that never started. Returns how many jobs changed.
 */
export async function markCampaignLeftoversCancelled(
  pool: Pool,
  campaignId: string,
): Promise<{ attempts: number; activeJobs: number; readyJobs: number }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const attempts = await client.query(
      `UPDATE attempts SET status = 'cancelled', reason = 'cancelled-by-cleanup', finished_at = coalesce(finished_at, now())
       WHERE campaign_id = $1 AND status IN ('prepared', 'submitted', 'running')`,
      [campaignId],
    );
    const active = await client.query(
      `UPDATE jobs SET status = 'cancelled', reason = 'cancelled-by-cleanup', finished_at = now(), updated_at = now()
       WHERE campaign_id = $1 AND status IN ('submitted', 'running')`,
      [campaignId],
    );
    const ready = await client.query(
      `UPDATE jobs SET status = 'cancelled', reason = 'campaign-cancelled', finished_at = now(), updated_at = now()
       WHERE campaign_id = $1 AND status = 'ready'`,
      [campaignId],
    );
    await client.query('COMMIT');
    return {
      attempts: attempts.rowCount ?? 0,
      activeJobs: active.rowCount ?? 0,
      readyJobs: ready.rowCount ?? 0,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
