import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SIDE_OUTPUT_NAME } from './file-kind';

const OUTPUT = /\.out(?:\.gz)?$/i;
const LOG = /\.log(?:\.gz)?$/i;
const INPUT = /\.inp$/i;
const BATCH_OUTPUT = /^(?:slurm|job)-\d+(?:[._]\d+)?\.out$/i;

function isCandidate(name: string): boolean {
  if (SIDE_OUTPUT_NAME.test(name) || BATCH_OUTPUT.test(name)) return false;
  if (OUTPUT.test(name) || name === 'logs') return true;
  return LOG.test(name) && !name.toLowerCase().startsWith('sella');
}

/**
 * Picks the job's main ORCA output among file names (or paths) of one job directory, ignoring
 * ORCA's side outputs (`<base>_atomNN.out`), batch-system logs (`slurm-123.out`) and Sella logs.
 * Preference: `<input base>.out` for an `.inp` present, then quacc's `orca.out`, then any `*.out`
 * (plain before `.gz`, then by name), then `logs`, then `*.log`. Returns null when none qualifies.
 */
export function pickMainOutput(files: readonly string[]): string | null {
  const candidates = files.filter((file) => isCandidate(basename(file)));
  if (candidates.length === 0) return null;
  const inputBases = new Set(
    files.filter((file) => INPUT.test(basename(file))).map((file) => basename(file).replace(INPUT, '')),
  );
  const rank = (file: string): number => {
    const name = basename(file);
    const base = name.replace(/\.(?:out|log)(?:\.gz)?$/i, '');
    const gz = name.toLowerCase().endsWith('.gz') ? 1 : 0;
    if (OUTPUT.test(name) && inputBases.has(base)) return gz;
    if (OUTPUT.test(name) && base === 'orca') return 10 + gz;
    if (OUTPUT.test(name)) return 20 + gz;
    if (name === 'logs') return 30;
    return 40 + gz;
  };
  const sorted = [...candidates].sort((a, b) => rank(a) - rank(b) || basename(a).localeCompare(basename(b)));
  return sorted[0] ?? null;
}

/** The main output of a job directory (full path), or null if it holds none yet. */
export async function findMainOutput(directory: string): Promise<string | null> {
  const entries = await readdir(directory, { withFileTypes: true });
  const main = pickMainOutput(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
  return main === null ? null : join(directory, main);
}
