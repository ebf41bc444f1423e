import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { shellQuote } from '../../src/schedulers';

/**
 * A PATH directory whose `sbatch` runs the real one and then waits a few seconds (set by shimEnv)
 * before printing the job id, with a file in `inflight/` for as long as it waits: a worker killed then
 * has a job in SLURM that it never heard about (the crash window the idempotent submit must close).
 * Its settings are files next to it, not environment variables: the SLURM adapter runs sbatch with a
 * minimal environment (PATH is part of it, which is how the worker finds the shim).
 */
export interface SlurmShim {
  binDir: string;
  /** Seconds sbatch waits after SLURM accepted the job (written by shimEnv). */
  delayFile: string;
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
  const delayFile = path.join(root, 'delay');
  execFileSync('mkdir', ['-p', binDir, inflightDir]);
  writeFileSync(delayFile, '0\n');
  const script = [
    '#!/bin/sh',
    '# orcastrate crash-test shim around the real sbatch',
    `marker=${shellQuote(inflightDir)}/sbatch.$$`,
    `out=$(${shellQuote(realSbatch)} "$@")`,
    'rc=$?',
    '[ "$rc" -eq 0 ] || { printf \'%s\\n\' "$out"; exit "$rc"; }',
    ': >"$marker"',
    `sleep "$(cat ${shellQuote(delayFile)})"`,
    'rm -f "$marker"',
    'printf \'%s\\n\' "$out"',
    '',
  ].join('\n');
  const file = path.join(binDir, 'sbatch');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return {
    binDir,
    delayFile,
    inflightDir,
    inflight: () => readdirSync(inflightDir).length,
  };
}

/** Environment for a worker process using the shim; sets the shim's delay. */
export function shimEnv(shim: SlurmShim, delaySeconds: number): Record<string, string> {
  writeFileSync(shim.delayFile, `${delaySeconds}\n`);
  return { PATH: `${shim.binDir}${path.delimiter}${process.env.PATH ?? ''}` };
}
