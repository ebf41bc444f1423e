import type { Pool } from 'pg';
import { identifier } from '../campaign/input';
import { JOB_STATUSES, type JobStatus } from '../campaign/statuses';
import { campaignExists, listJobs, type JobListing } from '../db';
import { CampaignNotFoundError, InvalidRequestError } from './campaign-errors';

export type { JobListing } from '../db';

export interface JobsQuery {
  /** One status, several, or a comma-separated list ("failed,timeout"); all jobs when absent. */
  status?: string | readonly string[];
  /** At most this many jobs (a positive integer), in row order. */
  limit?: number;
}

/** The statuses named, each checked against JOB_STATUSES (the problem names the bad value and the valid ones). */
export function parseStatuses(status: string | readonly string[]): JobStatus[] {
  const names = (typeof status === 'string' ? [status] : [...status])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(JOB_STATUSES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new InvalidRequestError(
      `unknown job status ${unknown.map((name) => JSON.stringify(name)).join(', ')} ` +
        `(valid: ${JOB_STATUSES.join(', ')})`,
    );
  }
  if (names.length === 0)
    throw new InvalidRequestError(`no job status given (valid: ${JOB_STATUSES.join(', ')})`);
  return [...new Set(names)] as JobStatus[];
}

/** Checks a campaign id against the identifier rule campaigns are created with. */
export function checkCampaignId(campaignId: string): void {
  const parsed = identifier.safeParse(campaignId);
  if (!parsed.success) {
    const rule = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new InvalidRequestError(`not a campaign id: ${JSON.stringify(campaignId)} (${rule})`);
  }
}

/** The campaign's jobs (id, row, status, reason, attempts, latest attempt's directory) in row order. */
export async function listCampaignJobs(
  pool: Pool,
  campaignId: string,
  query: JobsQuery = {},
): Promise<JobListing[]> {
  checkCampaignId(campaignId);
  const statuses = query.status === undefined ? undefined : parseStatuses(query.status);
  if (query.limit !== undefined && !(Number.isSafeInteger(query.limit) && query.limit >= 1)) {
    throw new InvalidRequestError(`limit must be a positive integer, got ${String(query.limit)}`);
  }
  if (!(await campaignExists(pool, campaignId))) {
    throw new CampaignNotFoundError(
      campaignId,
      'nothing in Postgres (see orcastrate status for running ones)',
    );
  }
  return listJobs(pool, campaignId, { statuses, limit: query.limit });
}
