import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

/** The parent pid of a process, from /proc (undefined once it is gone). */
function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last ')'
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which of `candidates` (worker pids) runs an sbatch call that is waiting right now, i.e. whose
 * job SLURM has accepted without the worker knowing its id yet; undefined when none does.
 */
export function pidWaitingOnSbatch(shim: SlurmShim, candidates: number[]): number | undefined {
  for (const file of readdirSync(shim.inflightDir)) {
    let pid: number | undefined = Number(file.replace(/^sbatch\./, ''));
    for (let depth = 0; pid !== undefined && depth < 5; depth += 1) {
      if (candidates.includes(pid)) return pid;
      pid = parentPid(pid);
    }
  }
  return undefined;
}
