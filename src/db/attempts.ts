import type { Queryable } from './transaction';

export interface AttemptKey {
  campaignId: string;
  jobId: string;
  attempt: number;
}

/** An attempt the scheduler may still be running (Postgres says submitted or running). */
export interface OpenAttempt {
  jobId: string;
  attempt: number;
  status: 'submitted' | 'running';
  scheduler: 'local' | 'slurm' | 'flux';
  schedulerId: string;
  jobName: string;
}

interface OpenAttemptRow {
  job_id: string;
  attempt: number;
  status: OpenAttempt['status'];
  scheduler: OpenAttempt['scheduler'];
  scheduler_id: string;
  job_name: string;
}

export async function openAttempts(q: Queryable, campaignId: string): Promise<OpenAttempt[]> {
  const { rows } = await q.query<OpenAttemptRow>(
    `SELECT job_id, attempt, status, scheduler, scheduler_id, job_name FROM attempts
     WHERE campaign_id = $1 AND status IN ('submitted', 'running') AND scheduler_id IS NOT NULL
     ORDER BY job_id, attempt`,
    [campaignId],
  );
  return rows.map(toOpenAttempt);
}

/**
 * An ended attempt whose verdict is still not recorded this long after its end was signalled is
 * signalled again: a lost signal must not leave its job waiting until its walltime runs out.
 */
const END_REDELIVERY_SECONDS = 30;

/**
 * The open attempts the batched poller asks the scheduler about: those whose end it has not yet
 * delivered to their job workflow (see markAttemptEndsDelivered), or delivered a while ago.
 */
export async function attemptsToPoll(q: Queryable, campaignId: string): Promise<OpenAttempt[]> {
  const { rows } = await q.query<OpenAttemptRow>(
    `SELECT job_id, attempt, status, scheduler, scheduler_id, job_name FROM attempts
     WHERE campaign_id = $1 AND status IN ('submitted', 'running') AND scheduler_id IS NOT NULL
       AND (end_delivered_at IS NULL OR end_delivered_at < now() - make_interval(secs => $2))
     ORDER BY job_id, attempt`,
    [campaignId, END_REDELIVERY_SECONDS],
  );
  return rows.map(toOpenAttempt);
}

/** The job workflows of these attempts were told that they ended: the poller stops asking about them. */
export async function markAttemptEndsDelivered(
  q: Queryable,
  campaignId: string,
  attempts: { jobId: string; attempt: number }[],
): Promise<void> {
  if (attempts.length === 0) return;
  await q.query(
    `UPDATE attempts a SET end_delivered_at = now()
     FROM unnest($2::text[], $3::int[]) AS t(job_id, attempt)
     WHERE a.campaign_id = $1 AND a.job_id = t.job_id AND a.attempt = t.attempt`,
    [campaignId, attempts.map((a) => a.jobId), attempts.map((a) => a.attempt)],
  );
}

function toOpenAttempt(r: OpenAttemptRow): OpenAttempt {
  return {
    jobId: r.job_id,
    attempt: r.attempt,
    status: r.status,
    scheduler: r.scheduler,
    schedulerId: r.scheduler_id,
    jobName: r.job_name,
  };
}

/** The job's highest attempt number so far; 0 before its first. */
export async function lastAttemptNumber(q: Queryable, campaignId: string, jobId: string): Promise<number> {
  const { rows } = await q.query<{ last: number | null }>(
    'SELECT max(attempt) AS last FROM attempts WHERE campaign_id = $1 AND job_id = $2',
    [campaignId, jobId],
  );
  return rows[0]?.last ?? 0;
}

/** The directory of the job's newest completed attempt, if it has one. */
export async function completedAttemptDir(
  q: Queryable,
  campaignId: string,
  jobId: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ job_dir: string }>(
    `SELECT job_dir FROM attempts WHERE campaign_id = $1 AND job_id = $2 AND status = 'completed'
     ORDER BY attempt DESC LIMIT 1`,
    [campaignId, jobId],
  );
  return rows[0]?.job_dir;
}

export async function attemptExists(q: Queryable, key: AttemptKey): Promise<boolean> {
  const { rowCount } = await q.query(
    'SELECT 1 FROM attempts WHERE campaign_id = $1 AND job_id = $2 AND attempt = $3',
    [key.campaignId, key.jobId, key.attempt],
  );
  return Boolean(rowCount);
}

export interface PreparedAttemptRecord extends AttemptKey {
  jobName: string;
  jobDir: string;
  scheduler: string;
  /** Stored as JSON. */
  resources: unknown;
  /** Stored as JSON. */
  corrections: unknown;
}

/** Records a prepared attempt; preparing it again replaces its resources and corrections. */
export async function recordPreparedAttempt(q: Queryable, record: PreparedAttemptRecord): Promise<void> {
  await q.query(
    `INSERT INTO attempts (campaign_id, job_id, attempt, job_name, job_dir, scheduler, resources, corrections)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (campaign_id, job_id, attempt) DO UPDATE
       SET resources = EXCLUDED.resources, corrections = EXCLUDED.corrections`,
    [
      record.campaignId,
      record.jobId,
      record.attempt,
      record.jobName,
      record.jobDir,
      record.scheduler,
      JSON.stringify(record.resources),
      JSON.stringify(record.corrections),
    ],
  );
}

/** A prepared attempt the scheduler accepted; one already past prepared is left alone. */
export async function markAttemptSubmitted(
  q: Queryable,
  key: AttemptKey,
  schedulerId: string,
): Promise<void> {
  await q.query(
    `UPDATE attempts SET scheduler_id = $4, status = 'submitted', submitted_at = coalesce(submitted_at, now())
     WHERE campaign_id = $1 AND job_id = $2 AND attempt = $3 AND status = 'prepared'`,
    [key.campaignId, key.jobId, key.attempt, schedulerId],
  );
}

/** Submitted attempts the scheduler now runs. */
export async function markAttemptsRunning(
  q: Queryable,
  campaignId: string,
  attempts: { jobId: string; attempt: number }[],
): Promise<void> {
  await q.query(
    `UPDATE attempts a SET status = 'running', started_at = coalesce(a.started_at, now())
     FROM unnest($2::text[], $3::int[]) AS t(job_id, attempt)
     WHERE a.campaign_id = $1 AND a.job_id = t.job_id AND a.attempt = t.attempt AND a.status = 'submitted'`,
    [campaignId, attempts.map((a) => a.jobId), attempts.map((a) => a.attempt)],
  );
}

export interface AttemptVerdictRecord {
  status: string;
  reason: string | null;
  /** Stored as JSON. */
  verdict: unknown;
  /** The job reported its own end (its report time is kept once set). */
  reported: boolean;
}

export async function recordAttemptVerdict(
  q: Queryable,
  key: AttemptKey,
  record: AttemptVerdictRecord,
): Promise<void> {
  await q.query(
    `UPDATE attempts SET status = $4, reason = $5, verdict = $6, finished_at = coalesce(finished_at, now()),
            started_at = coalesce(started_at, submitted_at),
            reported_at = CASE WHEN $7 THEN coalesce(reported_at, now()) ELSE reported_at END
     WHERE campaign_id = $1 AND job_id = $2 AND attempt = $3`,
    [
      key.campaignId,
      key.jobId,
      key.attempt,
      record.status,
      record.reason,
      JSON.stringify(record.verdict),
      record.reported,
    ],
  );
}

/** Cancels the open attempts of one job, or of the whole campaign without `jobId`. Returns how many. */
export async function cancelOpenAttempts(
  q: Queryable,
  campaignId: string,
  reason: string,
  jobId?: string,
): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE attempts SET status = 'cancelled', reason = $2, finished_at = coalesce(finished_at, now())
     WHERE campaign_id = $1 AND ($3::text IS NULL OR job_id = $3)
       AND status IN ('prepared', 'submitted', 'running')`,
    [campaignId, reason, jobId ?? null],
  );
  return rowCount ?? 0;
}
