import { hillOrder } from '../ingest/hill';
import { toXyz, type Structure } from './extxyz';

/** One job of a label campaign, before it gets its job id. */
export interface LabelJob {
  rowIndex: number;
  /** Distinct elements in Hill order. */
  elements: string[];
  natoms: number;
  geometryXyz: string;
  extra: Record<string, string>;
}

/** What Postgres knows about one label job. */
export interface LabelResult {
  rowIndex: number;
  status: string;
  reason: string | null;
  finalEnergyEh: number | null;
}

export interface AssembledDataset {
  /** This generation's newly labelled training structures. */
  train: Structure[];
  /** Labelled hold-out structures (only generation 1 has any). */
  holdout: Structure[];
  /** The previous generation's dataset followed by `train`. */
  dataset: Structure[];
  total: number;
  labelled: number;
  failed: number;
  failureReasons: Record<string, number>;
}

/**
 * Structures of a label campaign, in job row order: the candidates (split `train` unless they say
 * otherwise), then the hold-out set (split `holdout`).
 */
export function labelStructures(
  candidates: readonly Structure[],
  holdout: readonly Structure[],
): Structure[] {
  return [
    ...candidates.map((s) => ({ ...s, info: { ...s.info, split: s.info.split ?? 'train' } })),
    ...holdout.map((s) => ({ ...s, info: { ...s.info, split: 'holdout' } })),
  ];
}

/** The label campaign's jobs: one per structure, neutral singlets, row index = position. */
export function labelJobs(structures: readonly Structure[]): LabelJob[] {
  return structures.map((s, rowIndex) => ({
    rowIndex,
    elements: hillOrder(s.species),
    natoms: s.species.length,
    geometryXyz: toXyz(s, String(s.info.id ?? '')),
    extra: jobExtra(s),
  }));
}

/** Info keys copied into the job row (`orcasim_fault` reaches the simulator like a CSV column would). */
function jobExtra(structure: Structure): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const key of ['id', 'split', 'molecule', 'orcasim_fault']) {
    const value = structure.info[key];
    if (value !== undefined) extra[key === 'id' ? 'structure_id' : key] = String(value);
  }
  return extra;
}

/**
 * Completed jobs with an energy join the dataset (train or hold-out by their structure's split);
 * every other job counts as failed under its reason (`no-energy` for a completed job without one).
 * Results whose row matches no structure are ignored.
 */
export function assembleDataset(
  structures: readonly Structure[],
  results: readonly LabelResult[],
  previous: readonly Structure[],
): AssembledDataset {
  const train: Structure[] = [];
  const holdout: Structure[] = [];
  const failureReasons: Record<string, number> = {};
  let failed = 0;
  for (const result of results) {
    const structure = structures[result.rowIndex];
    if (!structure) continue;
    if (result.status === 'completed' && typeof result.finalEnergyEh === 'number') {
      const labelled = { ...structure, info: { ...structure.info, energy: result.finalEnergyEh } };
      (structure.info.split === 'holdout' ? holdout : train).push(labelled);
    } else {
      failed += 1;
      const reason = result.status === 'completed' ? 'no-energy' : (result.reason ?? result.status);
      failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
    }
  }
  return {
    train,
    holdout,
    dataset: [...previous, ...train],
    total: results.length,
    labelled: results.length - failed,
    failed,
    failureReasons,
  };
}
