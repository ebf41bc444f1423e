import type { Pool } from 'pg';
import type { StatusCounts } from '../campaign/statuses';
import {
  failedJobs,
  failureReasons,
  ingestCounts,
  jobsWithImaginaryModes,
  metricStats,
  statusCounts,
  stepStatusCounts,
  type FailedJob,
  type StepCounts,
  type JobMetricName,
  type MetricStats,
} from '../db';

export { campaignExists } from '../db';
export type { FailedJob, MetricStats, StepCounts } from '../db';

export interface CampaignReport {
  campaignId: string;
  counts: StatusCounts;
  ingest: { good: number; bad: number; duplicates?: number };
  failureReasons: Record<string, number>;
  /** Verdict metrics and output properties (n = 0 when no completed job printed it). */
  metrics: Record<JobMetricName, MetricStats>;
  /** Completed jobs whose frequencies have imaginary modes. */
  imaginaryModeJobs: number;
  /** A pipeline's counts per step, in run order (absent for a single-step campaign). */
  steps?: StepCounts[];
  failed?: FailedJob[];
}

const METRICS: JobMetricName[] = [
  'maxGradientEhBohr',
  'scfCycles',
  'finalEnergyEh',
  'homoLumoGapEv',
  'gibbsFreeEnergyEh',
  'imaginaryModes',
  'warningCount',
];

/** Everything `orcastrate status` shows, straight from Postgres. */
export async function loadCampaignReport(
  pool: Pool,
  campaignId: string,
  withFailed = false,
): Promise<CampaignReport> {
  const [counts, steps, ingest, reasons, metricEntries, imaginaryModeJobs] = await Promise.all([
    statusCounts(pool, campaignId),
    stepStatusCounts(pool, campaignId),
    ingestCounts(pool, campaignId),
    failureReasons(pool, campaignId),
    Promise.all(METRICS.map(async (name) => [name, await metricStats(pool, campaignId, name)] as const)),
    jobsWithImaginaryModes(pool, campaignId),
  ]);
  const report: CampaignReport = {
    campaignId,
    counts,
    ingest,
    failureReasons: reasons,
    metrics: Object.fromEntries(metricEntries) as CampaignReport['metrics'],
    imaginaryModeJobs,
  };
  if (steps.length > 0) report.steps = steps;
  if (withFailed) report.failed = await failedJobs(pool, campaignId);
  return report;
}
