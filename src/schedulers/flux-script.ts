import { validateJobSpec } from './job-spec';
import { renderScriptBody } from './script-body';
import type { JobSpec } from './types';
import { fluxTimeLimit } from './walltime';

/**
 * Flux batch script. Flux core has no per-job memory request, so memory only shapes ORCA's %maxcore
 * (ORCASTRATE_MAXCORE_MB). The bank is set through the system.bank attribute used by flux-accounting.
 */
export function renderFluxScript(spec: JobSpec, jobDir: string): string {
  validateJobSpec(spec);
  const directives = [
    `--job-name=${spec.name}`,
    '--nodes=1',
    `--nslots=${spec.cores}`,
    `--time-limit=${fluxTimeLimit(spec.walltimeSeconds)}`,
  ];
  if (spec.queue) directives.push(`--queue=${spec.queue}`);
  if (spec.account) directives.push(`--setattr=system.bank=${spec.account}`);
  return `#!/bin/bash
${directives.map((directive) => `#flux: ${directive}`).join('\n')}
# orcastrate job ${spec.name} (attempt ${spec.attempt}), memory ${spec.memoryMb} MB

${renderScriptBody(spec, jobDir)}`;
}
