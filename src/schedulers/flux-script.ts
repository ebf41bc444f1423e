import { renderJobScript } from './script-body';
import type { JobSpec } from './types';
import { fluxTimeLimit } from './walltime';

/**
 * Flux batch script for a validated spec. Flux core has no per-job memory request, so the memory only
 * appears in the comment (and in whatever the caller derived from it for `env`). The bank is set
 * through the system.bank attribute used by flux-accounting.
 */
export function renderFluxScript(spec: JobSpec, jobDir: string): string {
  const directives = [
    `--job-name=${spec.name}`,
    '--nodes=1',
    `--nslots=${spec.cores}`,
    `--time-limit=${fluxTimeLimit(spec.walltimeSeconds)}`,
  ];
  if (spec.queue) directives.push(`--queue=${spec.queue}`);
  if (spec.account) directives.push(`--setattr=system.bank=${spec.account}`);
  return renderJobScript(spec, jobDir, {
    directives: directives.map((directive) => `#flux: ${directive}`),
    description: `orcastrate job ${spec.name} (attempt ${spec.attempt}), memory ${spec.memoryMb} MB`,
  });
}
