import { execFileSync } from 'node:child_process';
import { Client as PgClient } from 'pg';
import { readHarnessState } from '../harness/state';
import { slurmIdsNamed } from '../slurm/helpers/local-slurm';

/** One query on the harness database (or `databaseUrl`), on a connection of its own. */
export async function query<T extends object>(
  sql: string,
  params: unknown[] = [],
  databaseUrl = readHarnessState().databaseUrl,
): Promise<T[]> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface JobRow {
  job_id: string;
  status: string;
  reason: string | null;
  attempts: number;
  final_energy_eh: number | null;
  metrics: Record<string, unknown> | null;
  finished: boolean;
}

export interface AttemptRow {
  job_id: string;
  attempt: number;
  job_name: string;
  scheduler_id: string | null;
  status: string;
  reason: string | null;
}

export function jobsOf(campaignId: string, databaseUrl?: string): Promise<JobRow[]> {
  return query<JobRow>(
    `SELECT job_id, status, reason, attempts, final_energy_eh, metrics, finished_at IS NOT NULL AS finished
     FROM jobs WHERE campaign_id = $1 ORDER BY row_index`,
    [campaignId],
    databaseUrl,
  );
}

export function attemptsOf(campaignId: string, databaseUrl?: string): Promise<AttemptRow[]> {
  return query<AttemptRow>(
    `SELECT job_id, attempt, job_name, scheduler_id, status, reason FROM attempts
     WHERE campaign_id = $1 ORDER BY job_id, attempt`,
    [campaignId],
    databaseUrl,
  );
}

/** SLURM jobs of this campaign (by name prefix) that are still pending or running. */
export function activeSlurmJobsOf(campaignId: string): string[] {
  return execFileSync('squeue', ['--noheader', '--states=PENDING,RUNNING,COMPLETING', '--format=%j %i'], {
    encoding: 'utf8',
  })
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(`oc.${campaignId}.`));
}

/** Exactly one SLURM job under each (job, attempt) name, and it is the one Postgres recorded. */
export function expectOneSlurmJobPerAttempt(attempts: AttemptRow[]): void {
  for (const attempt of attempts) {
    expect({ name: attempt.job_name, ids: slurmIdsNamed(attempt.job_name) }).toEqual({
      name: attempt.job_name,
      ids: [attempt.scheduler_id],
    });
  }
}
