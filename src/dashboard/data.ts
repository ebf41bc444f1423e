import type { Pool } from 'pg';
import { statusCounts } from '../activities/campaign-db';
import type { StatusCounts } from '../campaign/statuses';

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

export interface AlGenerationView {
  generation: number;
  phase: string;
  labelTotal: number | null;
  labelled: number | null;
  labelFailed: number | null;
  datasetSize: number | null;
  trainRmseEh: number | null;
  holdoutRmseEh: number | null;
  maxUncertaintyEh: number | null;
  meanUncertaintyEh: number | null;
  selected: number | null;
}

export interface AlView {
  alId: string;
  status: string;
  generation: number;
  phase: string | null;
  datasetSize: number;
  stopReason: string | null;
  error: string | null;
  generations: AlGenerationView[];
}

export interface DashboardData {
  generatedAt: string;
  campaigns: string[];
  alRuns: string[];
  campaign: CampaignView | null;
  al: AlView | null;
}

const HISTOGRAMS = [
  { column: 'final_energy_eh', label: 'final energy', unit: 'Eh' },
  { column: 'max_gradient_eh_bohr', label: 'max gradient', unit: 'Eh/bohr' },
  { column: 'scf_cycles', label: 'SCF cycles', unit: 'cycles' },
] as const;
const BINS = 12;

/** Everything the status page shows, from Postgres. Unknown ids give null sections, not errors. */
export async function loadDashboardData(
  pool: Pool,
  selection: { campaign?: string; al?: string } = {},
): Promise<DashboardData> {
  const [campaigns, alRuns] = await Promise.all([
    pool.query<{ id: string }>('SELECT id FROM campaigns ORDER BY created_at DESC, id LIMIT 200'),
    pool.query<{ id: string }>('SELECT id FROM al_runs ORDER BY created_at DESC, id LIMIT 200'),
  ]);
  const campaignIds = campaigns.rows.map((r) => r.id);
  const alIds = alRuns.rows.map((r) => r.id);
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
    pool.query<{ reason: string; n: string }>(
      `SELECT coalesce(reason, 'unknown') AS reason, count(*) AS n FROM jobs
       WHERE campaign_id = $1 AND status IN ('failed', 'timeout') GROUP BY 1 ORDER BY 2 DESC, 1`,
      [campaignId],
    ),
    Promise.all(HISTOGRAMS.map((h) => histogram(pool, campaignId, h))),
  ]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    campaignId,
    counts,
    total,
    finished: counts.completed + counts.failed + counts.timeout + counts.cancelled,
    completed: counts.completed,
    failureReasons: Object.fromEntries(reasons.rows.map((r) => [r.reason, Number(r.n)])),
    histograms,
  };
}

async function histogram(
  pool: Pool,
  campaignId: string,
  spec: (typeof HISTOGRAMS)[number],
): Promise<Histogram> {
  // spec.column comes from HISTOGRAMS only, never from a request
  const { rows: range } = await pool.query<{ lo: number | null; hi: number | null; n: string }>(
    `SELECT min(${spec.column})::float8 AS lo, max(${spec.column})::float8 AS hi, count(${spec.column}) AS n
     FROM jobs WHERE campaign_id = $1 AND status = 'completed'`,
    [campaignId],
  );
  const { lo, hi, n } = range[0]!;
  if (lo === null || hi === null)
    return { label: spec.label, unit: spec.unit, edges: [], counts: [], max: null, n: 0 };
  const width = hi > lo ? (hi - lo) / BINS : 1;
  const { rows } = await pool.query<{ bin: number; n: string }>(
    `SELECT least(floor((${spec.column}::float8 - $2::float8) / $3::float8)::int, $4::int - 1) AS bin, count(*) AS n
     FROM jobs WHERE campaign_id = $1 AND status = 'completed' AND ${spec.column} IS NOT NULL GROUP BY 1`,
    [campaignId, lo, width, BINS],
  );
  const bins = hi > lo ? BINS : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const row of rows) counts[Math.min(row.bin, bins - 1)]! += Number(row.n);
  return {
    label: spec.label,
    unit: spec.unit,
    edges: counts.map((_, i) => lo + i * width),
    counts,
    max: hi,
    n: Number(n),
  };
}

export async function loadAl(pool: Pool, alId: string): Promise<AlView | null> {
  const { rows } = await pool.query<{
    id: string;
    status: string;
    generation: number;
    phase: string | null;
    dataset_size: number;
    stop_reason: string | null;
    error: string | null;
  }>('SELECT id, status, generation, phase, dataset_size, stop_reason, error FROM al_runs WHERE id = $1', [
    alId,
  ]);
  const run = rows[0];
  if (!run) return null;
  const gens = await pool.query<{
    generation: number;
    phase: string;
    label_total: number | null;
    labelled: number | null;
    label_failed: number | null;
    dataset_size: number | null;
    train_rmse_eh: number | null;
    holdout_rmse_eh: number | null;
    max_uncertainty_eh: number | null;
    mean_uncertainty_eh: number | null;
    selected: number | null;
  }>('SELECT * FROM al_generations WHERE al_id = $1 ORDER BY generation', [alId]);
  return {
    alId: run.id,
    status: run.status,
    generation: run.generation,
    phase: run.phase,
    datasetSize: run.dataset_size,
    stopReason: run.stop_reason,
    error: run.error,
    generations: gens.rows.map((g) => ({
      generation: g.generation,
      phase: g.phase,
      labelTotal: g.label_total,
      labelled: g.labelled,
      labelFailed: g.label_failed,
      datasetSize: g.dataset_size,
      trainRmseEh: g.train_rmse_eh,
      holdoutRmseEh: g.holdout_rmse_eh,
      maxUncertaintyEh: g.max_uncertainty_eh,
      meanUncertaintyEh: g.mean_uncertainty_eh,
      selected: g.selected,
    })),
  };
}
