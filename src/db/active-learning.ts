import type { Pool } from 'pg';
import type { EngineMetrics, EngineRole } from '../active-learning/engine-contract';
import type { LabelJob, LabelResult } from '../active-learning/dataset';
import type { ActiveLearningSettings, AlPhase, GenerationRecord } from '../active-learning/input';
import type { LabelOutcome } from '../active-learning/label-files';

/** How much of a failed engine run's message is kept. */
const DETAIL_MAX_CHARS = 2000;

export interface EngineRunKey {
  alId: string;
  generation: number;
  role: EngineRole;
}

/** Registers the loop (or takes it over again); returns its finished generations in order. */
export async function beginRun(
  pool: Pool,
  run: { alId: string; workflowId: string; settings: ActiveLearningSettings },
): Promise<GenerationRecord[]> {
  await pool.query(
    `INSERT INTO al_runs (id, workflow_id, settings) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET workflow_id = EXCLUDED.workflow_id, settings = EXCLUDED.settings,
       status = 'running', error = NULL, stop_reason = NULL, updated_at = now()`,
    [run.alId, run.workflowId, JSON.stringify(run.settings)],
  );
  const { rows } = await pool.query<GenerationRow>(
    `SELECT generation, label_campaign_id, label_total, labelled, label_failed, failure_reasons, dataset_size,
            holdout_size, train_rmse_eh, holdout_rmse_eh, max_uncertainty_eh, mean_uncertainty_eh, samples,
            selected
     FROM al_generations WHERE al_id = $1 AND finished_at IS NOT NULL ORDER BY generation`,
    [run.alId],
  );
  return rows.map(recordOf);
}

/** Records the phase a generation entered (`done` only moves the loop's row) and whether it is paused. */
export async function setPhase(
  pool: Pool,
  at: { alId: string; generation: number; phase: AlPhase; paused?: boolean },
): Promise<void> {
  if (at.phase !== 'done') {
    await pool.query(
      `INSERT INTO al_generations (al_id, generation, phase) VALUES ($1, $2, $3)
       ON CONFLICT (al_id, generation) DO UPDATE SET phase = EXCLUDED.phase`,
      [at.alId, at.generation, at.phase],
    );
  }
  await pool.query(
    `UPDATE al_runs SET generation = $2, phase = $3, status = $4, updated_at = now() WHERE id = $1`,
    [at.alId, at.generation, at.phase, at.paused ? 'paused' : 'running'],
  );
}

/** The runs of one engine step in al_engine_runs; completed metrics also land in al_generations. */
export function engineRunLog(pool: Pool, key: EngineRunKey) {
  return {
    async start(runner: string): Promise<string> {
      await pool.query(
        `UPDATE al_engine_runs SET status = 'failed', detail = 'interrupted', finished_at = now()
         WHERE al_id = $1 AND generation = $2 AND role = $3 AND status = 'running'`,
        [key.alId, key.generation, key.role],
      );
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO al_engine_runs (al_id, generation, role, runner) VALUES ($1, $2, $3, $4) RETURNING id`,
        [key.alId, key.generation, key.role, runner],
      );
      return rows[0]!.id;
    },

    async completed(runId: string, schedulerId: string | undefined, metrics: EngineMetrics): Promise<void> {
      await pool.query(
        `UPDATE al_engine_runs SET status = 'completed', scheduler_id = $2, metrics = $3, finished_at = now()
         WHERE id = $1`,
        [runId, schedulerId ?? null, JSON.stringify(metrics)],
      );
      await pool.query(
        `UPDATE al_generations SET metrics = metrics || jsonb_build_object($3::text, $4::jsonb)
         WHERE al_id = $1 AND generation = $2`,
        [key.alId, key.generation, key.role, JSON.stringify(metrics)],
      );
    },

    async failed(runId: string, detail: string): Promise<void> {
      await pool.query(
        `UPDATE al_engine_runs SET status = 'failed', detail = $2, finished_at = now() WHERE id = $1`,
        [runId, detail.slice(0, DETAIL_MAX_CHARS)],
      );
    },
  };
}

/** Adds the label jobs (already there ones are left alone) and links the campaign to its generation. */
export async function recordLabelJobs(
  pool: Pool,
  label: {
    alId: string;
    generation: number;
    campaignId: string;
    jobs: readonly (LabelJob & { jobId: string })[];
  },
): Promise<void> {
  const { jobs } = label;
  if (jobs.length > 0) {
    await pool.query(
      `INSERT INTO jobs (campaign_id, job_id, row_index, elements, natoms, charge, multiplicity, geometry_xyz, extra)
       SELECT $1, t.job_id, t.row_index, string_to_array(t.elements, ' '), t.natoms, 0, 1, t.geometry_xyz,
              t.extra::jsonb
       FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[])
         AS t(job_id, row_index, elements, natoms, geometry_xyz, extra)
       ON CONFLICT DO NOTHING`,
      [
        label.campaignId,
        jobs.map((j) => j.jobId),
        jobs.map((j) => j.rowIndex),
        jobs.map((j) => j.elements.join(' ')),
        jobs.map((j) => j.natoms),
        jobs.map((j) => j.geometryXyz),
        jobs.map((j) => JSON.stringify(j.extra)),
      ],
    );
  }
  await pool.query(
    `UPDATE al_generations SET label_campaign_id = $3, label_total = $4 WHERE al_id = $1 AND generation = $2`,
    [label.alId, label.generation, label.campaignId, jobs.length],
  );
}

/** Every job of a label campaign in row order, with its energy if it has one. */
export async function labelResults(pool: Pool, campaignId: string): Promise<LabelResult[]> {
  const { rows } = await pool.query<{
    row_index: number;
    status: string;
    reason: string | null;
    final_energy_eh: number | null;
  }>(
    `SELECT row_index, status, reason, final_energy_eh FROM jobs WHERE campaign_id = $1 ORDER BY row_index`,
    [campaignId],
  );
  return rows.map((r) => ({
    rowIndex: r.row_index,
    status: r.status,
    reason: r.reason,
    finalEnergyEh: r.final_energy_eh,
  }));
}

export async function recordLabelOutcome(
  pool: Pool,
  at: { alId: string; generation: number },
  outcome: LabelOutcome,
): Promise<void> {
  await pool.query(
    `UPDATE al_generations SET label_total = $3, labelled = $4, label_failed = $5, failure_reasons = $6,
       dataset_size = $7, holdout_size = $8 WHERE al_id = $1 AND generation = $2`,
    [
      at.alId,
      at.generation,
      outcome.total,
      outcome.labelled,
      outcome.failed,
      JSON.stringify(outcome.failureReasons),
      outcome.datasetSize,
      outcome.holdoutSize,
    ],
  );
  await pool.query('UPDATE al_runs SET dataset_size = $2, updated_at = now() WHERE id = $1', [
    at.alId,
    outcome.datasetSize,
  ]);
}

export async function finishGeneration(pool: Pool, alId: string, record: GenerationRecord): Promise<void> {
  await pool.query(
    `UPDATE al_generations SET phase = 'done', train_rmse_eh = $3, holdout_rmse_eh = $4,
       max_uncertainty_eh = $5, mean_uncertainty_eh = $6, samples = $7, selected = $8,
       finished_at = coalesce(finished_at, now())
     WHERE al_id = $1 AND generation = $2`,
    [
      alId,
      record.generation,
      record.trainRmseEh,
      record.holdoutRmseEh,
      record.maxUncertaintyEh,
      record.meanUncertaintyEh,
      record.samples,
      record.selected,
    ],
  );
}

/** A failed loop keeps the phase it failed in; a finished or stopped one is `done`. */
export async function endRun(
  pool: Pool,
  end: { alId: string; status: 'completed' | 'failed' | 'stopped'; stopReason?: string; error?: string },
): Promise<void> {
  await pool.query(
    `UPDATE al_runs SET status = $2, stop_reason = $3, error = $4,
       phase = CASE WHEN $2 = 'failed' THEN phase ELSE 'done' END, updated_at = now()
     WHERE id = $1`,
    [end.alId, end.status, end.stopReason ?? null, end.error ?? null],
  );
}

interface GenerationRow {
  generation: number;
  label_campaign_id: string | null;
  label_total: number | null;
  labelled: number | null;
  label_failed: number | null;
  failure_reasons: Record<string, number>;
  dataset_size: number | null;
  holdout_size: number | null;
  train_rmse_eh: number | null;
  holdout_rmse_eh: number | null;
  max_uncertainty_eh: number | null;
  mean_uncertainty_eh: number | null;
  samples: number | null;
  selected: number | null;
}

function recordOf(row: GenerationRow): GenerationRecord {
  return {
    generation: row.generation,
    labelCampaignId: row.label_campaign_id ?? '',
    labelTotal: row.label_total ?? 0,
    labelled: row.labelled ?? 0,
    labelFailed: row.label_failed ?? 0,
    failureReasons: row.failure_reasons,
    datasetSize: row.dataset_size ?? 0,
    holdoutSize: row.holdout_size ?? 0,
    trainRmseEh: row.train_rmse_eh,
    holdoutRmseEh: row.holdout_rmse_eh,
    maxUncertaintyEh: row.max_uncertainty_eh,
    meanUncertaintyEh: row.mean_uncertainty_eh,
    samples: row.samples ?? 0,
    selected: row.selected ?? 0,
  };
}
