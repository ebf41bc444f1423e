import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * A PATH directory whose `sbatch` runs the real one and then waits SHIM_SBATCH_DELAY_S seconds before
 * printing the job id, with a file in `inflight/` for as long as it waits: a worker killed then has
 * a job in SLURM that it never heard about (the crash window the idempotent submit must close).
 */
export interface SlurmShim {
  binDir: string;
  inflightDir: string;
  /** sbatch calls waiting right now (SLURM already accepted their job). */
  inflight(): number;
}

export function createSlurmShim(): SlurmShim {
  const realSbatch = execFileSync('sh', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).trim();
  if (!realSbatch) throw new Error('sbatch not found on PATH: run `bash scripts/local-slurm.sh up`');
  const root = mkdtempSync(path.join(tmpdir(), 'orcastrate-slurm-shim-'));
  const binDir = path.join(root, 'bin');
  const inflightDir = path.join(root, 'inflight');
  execFileSync('mkdir', ['-p', binDir, inflightDir]);
  const script = [
    '#!/bin/sh',
    '# orcastrate crash-test shim around the real sbatch',
    'marker="$SHIM_INFLIGHT_DIR/sbatch.$$"',
    'out=$("$SHIM_REAL_SBATCH" "$@")',
    'rc=$?',
    '[ "$rc" -eq 0 ] || { printf \'%s\\n\' "$out"; exit "$rc"; }',
    ': >"$marker"',
    'sleep "${SHIM_SBATCH_DELAY_S:-0}"',
    'rm -f "$marker"',
    'printf \'%s\\n\' "$out"',
    '',
  ].join('\n');
  const file = path.join(binDir, 'sbatch');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return {
    binDir,
    inflightDir,
    inflight: () => readdirSync(inflightDir).length,
  };
}

/** Environment for a worker process using the shim (the script reads these). */
export function shimEnv(shim: SlurmShim, delaySeconds: number): Record<string, string> {
  const realSbatch = execFileSync('sh', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).trim();
  return {
    PATH: `${shim.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    SHIM_INFLIGHT_DIR: shim.inflightDir,
    SHIM_REAL_SBATCH: realSbatch,
    SHIM_SBATCH_DELAY_S: String(delaySeconds),
  };
}
