import type { Pool } from 'pg';
import { FINAL_JOB_STATUSES, type StatusCounts } from '../campaign/statuses';
import {
  alGenerationSummaries,
  alRunSummary,
  failureReasons,
  metricHistogram,
  metricStats,
  recentAlRunIds,
  recentCampaignIds,
  statusCounts,
  type AlGenerationSummary,
  type AlRunSummary,
  type JobMetricName,
} from '../db';

export interface Histogram {
  label: string;
  unit: string;
  /** Lower edge of each bin; the last bin ends at `max`. */
  edges: number[];
  counts: number[];
  max: number | null;
  n: number;
}

export interface CampaignView {
  campaignId: string;
  counts: StatusCounts;
  total: number;
  finished: number;
  completed: number;
  failureReasons: Record<string, number>;
  histograms: Histogram[];
}

export type AlGenerationView = AlGenerationSummary;

export interface AlView extends AlRunSummary {
  generations: AlGenerationView[];
}

export interface DashboardData {
  generatedAt: string;
  campaigns: string[];
  alRuns: string[];
  campaign: CampaignView | null;
  al: AlView | null;
}

/** Properties (`optional`) are charted only when some completed job's output printed them. */
const HISTOGRAMS: { metric: JobMetricName; label: string; unit: string; optional?: boolean }[] = [
  { metric: 'finalEnergyEh', label: 'final energy', unit: 'Eh' },
  { metric: 'maxGradientEhBohr', label: 'max gradient', unit: 'Eh/bohr' },
  { metric: 'scfCycles', label: 'SCF cycles', unit: 'cycles' },
  { metric: 'homoLumoGapEv', label: 'HOMO-LUMO gap', unit: 'eV', optional: true },
  { metric: 'gibbsFreeEnergyEh', label: 'Gibbs free energy', unit: 'Eh', optional: true },
  { metric: 'imaginaryModes', label: 'imaginary modes', unit: 'modes', optional: true },
];
const BINS = 12;
const LISTED = 200;

/** Everything the status page shows, from Postgres. Unknown ids give null sections, not errors. */
export async function loadDashboardData(
  pool: Pool,
  selection: { campaign?: string; al?: string } = {},
): Promise<DashboardData> {
  const [campaignIds, alIds] = await Promise.all([
    recentCampaignIds(pool, LISTED),
    recentAlRunIds(pool, LISTED),
  ]);
  const campaignId = selection.campaign ?? campaignIds[0];
  const alId = selection.al ?? alIds[0];
  return {
    generatedAt: new Date().toISOString(),
    campaigns: campaignIds,
    alRuns: alIds,
    campaign: campaignId && campaignIds.includes(campaignId) ? await loadCampaign(pool, campaignId) : null,
    al: alId && alIds.includes(alId) ? await loadAl(pool, alId) : null,
  };
}

export async function loadCampaign(pool: Pool, campaignId: string): Promise<CampaignView> {
  const [counts, reasons, histograms] = await Promise.all([
    statusCounts(pool, campaignId),
    failureReasons(pool, campaignId),
    Promise.all(HISTOGRAMS.map((h) => histogram(pool, campaignId, h))),
  ]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    campaignId,
    counts,
    total,
    finished: FINAL_JOB_STATUSES.reduce((sum, status) => sum + counts[status], 0),
    completed: counts.completed,
    failureReasons: reasons,
    histograms: histograms.filter((h, i) => h.n > 0 || !HISTOGRAMS[i]!.optional),
  };
}

async function histogram(
  pool: Pool,
  campaignId: string,
  spec: (typeof HISTOGRAMS)[number],
): Promise<Histogram> {
  const { min: lo, max: hi, n } = await metricStats(pool, campaignId, spec.metric);
  if (lo === null || hi === null)
    return { label: spec.label, unit: spec.unit, edges: [], counts: [], max: null, n: 0 };
  const width = hi > lo ? (hi - lo) / BINS : 1;
  const rows = await metricHistogram(pool, campaignId, spec.metric, { lo, width, count: BINS });
  const bins = hi > lo ? BINS : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const row of rows) counts[Math.min(row.bin, bins - 1)]! += row.n;
  return {
    label: spec.label,
    unit: spec.unit,
    edges: counts.map((_, i) => lo + i * width),
    counts,
    max: hi,
    n,
  };
}

export async function loadAl(pool: Pool, alId: string): Promise<AlView | null> {
  const run = await alRunSummary(pool, alId);
  if (!run) return null;
  return { ...run, generations: await alGenerationSummaries(pool, alId) };
}
