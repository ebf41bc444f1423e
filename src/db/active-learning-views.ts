import { firstRow, type Queryable } from './transaction';

/** What the status page shows of an active-learning loop. */
export interface AlRunSummary {
  alId: string;
  status: string;
  generation: number;
  phase: string | null;
  datasetSize: number;
  stopReason: string | null;
  error: string | null;
}

interface AlRunRow {
  id: string;
  status: string;
  generation: number;
  phase: string | null;
  dataset_size: number;
  stop_reason: string | null;
  error: string | null;
}

export interface AlGenerationSummary {
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

interface AlGenerationRow {
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
}

/** The newest `limit` loop ids, newest first. */
export async function recentAlRunIds(q: Queryable, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    'SELECT id FROM al_runs ORDER BY created_at DESC, id LIMIT $1',
    [limit],
  );
  return rows.map((r) => r.id);
}

export async function alRunSummary(q: Queryable, alId: string): Promise<AlRunSummary | undefined> {
  return firstRow<AlRunRow, AlRunSummary>(
    q,
    'SELECT id, status, generation, phase, dataset_size, stop_reason, error FROM al_runs WHERE id = $1',
    [alId],
    (run) => ({
      alId: run.id,
      status: run.status,
      generation: run.generation,
      phase: run.phase,
      datasetSize: run.dataset_size,
      stopReason: run.stop_reason,
      error: run.error,
    }),
  );
}

/** Every generation of the loop so far, finished or not, in order. */
export async function alGenerationSummaries(q: Queryable, alId: string): Promise<AlGenerationSummary[]> {
  const { rows } = await q.query<AlGenerationRow>(
    `SELECT generation, phase, label_total, labelled, label_failed, dataset_size, train_rmse_eh, holdout_rmse_eh,
            max_uncertainty_eh, mean_uncertainty_eh, selected
     FROM al_generations WHERE al_id = $1 ORDER BY generation`,
    [alId],
  );
  return rows.map((g) => ({
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
  }));
}
