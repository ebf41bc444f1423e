import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { shellQuote } from '../../src/schedulers';
import { fluxWorkerEnv, type LocalFlux } from '../flux/helpers/local-flux';

/**
 * A PATH directory whose `flux` runs the real one and, for `flux batch`, waits a few seconds (set by
 * fluxShimEnv) after Flux accepted the job before printing its id, with a file in `inflight/` while it
 * waits: a worker killed then has a job in Flux it never heard about (the crash window the idempotent
 * submit must close). Every other subcommand is the real flux at once. Its delay is a file next to it:
 * the Flux adapter runs flux with a minimal environment (PATH is part of it: that is how it finds the shim).
 */
export interface FluxShim {
  binDir: string;
  delayFile: string;
  /** flux batch calls waiting right now (Flux already accepted their job). */
  inflight(): number;
}

export function createFluxShim(flux: LocalFlux): FluxShim {
  const root = mkdtempSync(path.join(tmpdir(), 'orcastrate-flux-shim-'));
  const binDir = path.join(root, 'bin');
  const inflightDir = path.join(root, 'inflight');
  const delayFile = path.join(root, 'delay');
  mkdirSync(binDir);
  mkdirSync(inflightDir);
  writeFileSync(delayFile, '0\n');
  const real = shellQuote(flux.executable);
  const script = [
    '#!/bin/sh',
    '# orcastrate crash-test shim around the real flux',
    `[ "$1" = batch ] || exec ${real} "$@"`,
    `marker=${shellQuote(inflightDir)}/batch.$$`,
    `out=$(${real} "$@")`,
    'rc=$?',
    '[ "$rc" -eq 0 ] || { printf \'%s\\n\' "$out"; exit "$rc"; }',
    ': >"$marker"',
    `sleep "$(cat ${shellQuote(delayFile)})"`,
    'rm -f "$marker"',
    'printf \'%s\\n\' "$out"',
    '',
  ].join('\n');
  const file = path.join(binDir, 'flux');
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return { binDir, delayFile, inflight: () => readdirSync(inflightDir).length };
}

/** Environment for a worker process using the shim in front of this instance; sets the shim's delay. */
export function fluxShimEnv(shim: FluxShim, flux: LocalFlux, delaySeconds: number): Record<string, string> {
  writeFileSync(shim.delayFile, `${delaySeconds}\n`);
  const env = fluxWorkerEnv(flux);
  return { ...env, PATH: `${shim.binDir}${path.delimiter}${env.PATH}` };
}
