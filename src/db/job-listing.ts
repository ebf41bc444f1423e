import type { JobStatus } from '../campaign/statuses';
import type { Queryable } from './transaction';

/** What every list of jobs shows of each: its id, row, status, reason and attempts. */
export interface JobSummary {
  jobId: string;
  rowIndex: number;
  status: JobStatus;
  reason: string | null;
  attempts: number;
}

/** The `jobs` columns behind a JobSummary. */
export interface JobSummaryRow {
  job_id: string;
  row_index: number;
  status: JobStatus;
  reason: string | null;
  attempts: number;
}

export function jobSummaryOf(row: JobSummaryRow): JobSummary {
  return {
    jobId: row.job_id,
    rowIndex: row.row_index,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
  };
}

/** The properties a job listing shows (from their own columns; null when the output printed none). */
export interface JobKeyProperties {
  finalEnergyEh: number | null;
  homoLumoGapEv: number | null;
  imaginaryModes: number | null;
  gibbsFreeEnergyEh: number | null;
  warnings: number | null;
  /** Warnings of orcastrate's chemistry checks (e.g. `imaginary-modes: 2`); empty when none. */
  checkWarnings: string[];
}

/** One job as `orcastrate jobs` lists it. */
export interface JobListing extends JobSummary {
  /** The directory of the job's latest attempt; null before its first. */
  jobDir: string | null;
  properties: JobKeyProperties;
}

interface JobListingRow extends JobSummaryRow {
  job_dir: string | null;
  final_energy_eh: number | null;
  homo_lumo_gap_ev: number | null;
  imaginary_modes: number | null;
  gibbs_free_energy_eh: number | null;
  warning_count: number | null;
  check_warnings: string[] | null;
}

/** The campaign's jobs in row order, only those in `statuses` when given, at most `limit`. */
export async function listJobs(
  q: Queryable,
  campaignId: string,
  options: { statuses?: readonly JobStatus[]; limit?: number } = {},
): Promise<JobListing[]> {
  const { rows } = await q.query<JobListingRow>(
    `SELECT j.job_id, j.row_index, j.status, j.reason, j.attempts, latest.job_dir, j.final_energy_eh,
            j.homo_lumo_gap_ev, j.imaginary_modes, j.gibbs_free_energy_eh, j.warning_count,
            j.properties->'checkWarnings' AS check_warnings
     FROM jobs j
     LEFT JOIN LATERAL (
       SELECT a.job_dir FROM attempts a
       WHERE a.campaign_id = j.campaign_id AND a.job_id = j.job_id
       ORDER BY a.attempt DESC LIMIT 1
     ) latest ON true
     WHERE j.campaign_id = $1 AND ($2::text[] IS NULL OR j.status = ANY($2::text[]))
     ORDER BY j.row_index, j.step_index
     LIMIT $3`,
    [campaignId, options.statuses ?? null, options.limit ?? null],
  );
  return rows.map((r) => ({
    ...jobSummaryOf(r),
    jobDir: r.job_dir,
    properties: {
      finalEnergyEh: r.final_energy_eh,
      homoLumoGapEv: r.homo_lumo_gap_ev,
      imaginaryModes: r.imaginary_modes,
      gibbsFreeEnergyEh: r.gibbs_free_energy_eh,
      warnings: r.warning_count,
      checkWarnings: r.check_warnings ?? [],
    },
  }));
}
