import type { Pool } from 'pg';
import type { StatusCounts } from '../campaign/statuses';
import {
  failedJobs,
  failureReasons,
  ingestCounts,
  metricStats,
  statusCounts,
  type FailedJob,
  type JobMetricName,
  type MetricStats,
} from '../db';

export { campaignExists } from '../db';
export type { FailedJob, MetricStats } from '../db';

export interface CampaignReport {
  campaignId: string;
  counts: StatusCounts;
  ingest: { good: number; bad: number; duplicates?: number };
  failureReasons: Record<string, number>;
  metrics: Record<JobMetricName, MetricStats>;
  failed?: FailedJob[];
}

const METRICS: JobMetricName[] = ['maxGradientEhBohr', 'scfCycles', 'finalEnergyEh'];

/** Everything `orcastrate status` shows, straight from Postgres. */
export async function loadCampaignReport(
  pool: Pool,
  campaignId: string,
  withFailed = false,
): Promise<CampaignReport> {
  const [counts, ingest, reasons, metricEntries] = await Promise.all([
    statusCounts(pool, campaignId),
    ingestCounts(pool, campaignId),
    failureReasons(pool, campaignId),
    Promise.all(METRICS.map(async (name) => [name, await metricStats(pool, campaignId, name)] as const)),
  ]);
  const report: CampaignReport = {
    campaignId,
    counts,
    ingest,
    failureReasons: reasons,
    metrics: Object.fromEntries(metricEntries) as CampaignReport['metrics'],
  };
  if (withFailed) report.failed = await failedJobs(pool, campaignId);
  return report;
}
