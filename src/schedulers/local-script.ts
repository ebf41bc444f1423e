import { validateJobSpec } from './job-spec';
import { renderScriptBody } from './script-body';
import type { JobSpec } from './types';

/** Script for the local runner: no scheduler directives, the runner's wrapper enforces the walltime. */
export function renderLocalScript(spec: JobSpec, jobDir: string): string {
  validateJobSpec(spec);
  return `#!/bin/bash
# orcastrate local job ${spec.name} (attempt ${spec.attempt}): ${spec.cores} cores, ${spec.memoryMb} MB, walltime ${spec.walltimeSeconds} s

${renderScriptBody(spec, jobDir)}`;
}
