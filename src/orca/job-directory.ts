import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from './error-message';
import { findMainOutput } from './main-output';
import { parseFile } from './parse-file';
import type { ParseFileOptions } from './parsed-file';
import type { SellaStatusData } from './sella-status';
import type { OrcaOutputMetrics, Verdict } from './types';
import { stalenessVerdict, unreadableVerdict } from './verdict';

export interface JobDirectoryReport {
  directory: string;
  /** Main output chosen by pickMainOutput, or null when the directory holds none yet. */
  outputFile: string | null;
  verdict: Verdict;
  metrics: OrcaOutputMetrics | null;
  /** `sella_status.txt` of a Sella-driven job (Sella's convergence), when the directory holds one. */
  sellaStatus: SellaStatusData | null;
}

const SELLA_STATUS_FILE = 'sella_status.txt';

/** The Sella driver's `sella_status.txt` in `directory`, or null when there is none (or it is no status). */
export async function readSellaStatus(directory: string): Promise<SellaStatusData | null> {
  const file = join(directory, SELLA_STATUS_FILE);
  const exists = await stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!exists) return null;
  const parsed = await parseFile(file);
  return parsed.kind === 'sella-status' ? parsed.sellaStatus : null;
}

/**
 * Verdict and metrics of the job in `directory` (what the job workflow calls): finds the main
 * output (ignoring `_atomNN.out` side outputs), parses it, falls back to the `.engrad` for the
 * gradient. A directory without an output reads as running, or timeout once the directory is stale.
 */
export async function parseJobDirectory(
  directory: string,
  options: ParseFileOptions = {},
): Promise<JobDirectoryReport> {
  let outputFile: string | null;
  try {
    outputFile = await findMainOutput(directory);
  } catch (error) {
    return {
      directory,
      outputFile: null,
      verdict: unreadableVerdict(`cannot list ${directory}: ${describeError(error)}`),
      metrics: null,
      sellaStatus: null,
    };
  }
  const sellaStatus = await readSellaStatus(directory);
  if (outputFile === null) {
    const info = await stat(directory).catch(() => null);
    const verdict = stalenessVerdict({
      mtime: info?.mtime,
      now: options.now,
      staleHours: options.staleHours,
    });
    return {
      directory,
      outputFile: null,
      verdict: { ...verdict, detail: `no ORCA output yet; ${verdict.detail}` },
      metrics: null,
      sellaStatus,
    };
  }
  const parsed = await parseFile(outputFile, options);
  if (parsed.kind === 'output')
    return { directory, outputFile, verdict: parsed.verdict, metrics: parsed.metrics, sellaStatus };
  return {
    directory,
    outputFile,
    verdict: unreadableVerdict(`${outputFile} is not an ORCA output (looks like ${parsed.kind})`),
    metrics: null,
    sellaStatus,
  };
}
