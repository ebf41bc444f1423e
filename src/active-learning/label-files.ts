import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../schedulers/atomic-file';
import { assembleDataset, labelJobs, labelStructures, type LabelJob, type LabelResult } from './dataset';
import { formatExtxyz, parseExtxyz, type Structure } from './extxyz';
import type { GenerationFiles } from './layout';

export interface LabelOutcome {
  total: number;
  labelled: number;
  failed: number;
  failureReasons: Record<string, number>;
  datasetSize: number;
  holdoutSize: number;
}

/** The generator's structures as label jobs (generation 1 also labels its unlabelled hold-out set). */
export async function readLabelJobs(files: GenerationFiles, generation: number): Promise<LabelJob[]> {
  return labelJobs(await readLabelStructures(files, generation));
}

/**
 * Writes this generation's labelled structures and dataset (previous generation's plus these) from
 * the label campaign's results; generation 1 also fixes the labelled hold-out set.
 */
export async function writeGenerationDataset(
  files: GenerationFiles,
  generation: number,
  results: readonly LabelResult[],
): Promise<LabelOutcome> {
  const structures = await readLabelStructures(files, generation);
  const previous = files.previousDataset ? await readStructures(files.previousDataset) : [];
  const assembled = assembleDataset(structures, results, previous);
  await mkdir(path.dirname(files.dataset), { recursive: true });
  writeFileAtomic(files.labelled, formatExtxyz(assembled.train));
  writeFileAtomic(files.dataset, formatExtxyz(assembled.dataset));
  if (generation === 1) writeFileAtomic(files.holdout, formatExtxyz(assembled.holdout));
  const holdoutSize = existsSync(files.holdout) ? (await readStructures(files.holdout)).length : 0;
  return {
    total: assembled.total,
    labelled: assembled.labelled,
    failed: assembled.failed,
    failureReasons: assembled.failureReasons,
    datasetSize: assembled.dataset.length,
    holdoutSize,
  };
}

async function readLabelStructures(files: GenerationFiles, generation: number): Promise<Structure[]> {
  const candidates = await readStructures(files.candidates);
  const holdout =
    generation === 1 && existsSync(files.unlabelledHoldout)
      ? await readStructures(files.unlabelledHoldout)
      : [];
  return labelStructures(candidates, holdout);
}

async function readStructures(file: string): Promise<Structure[]> {
  return parseExtxyz(await readFile(file, 'utf8'));
}
