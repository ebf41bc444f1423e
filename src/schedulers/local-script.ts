import { renderJobScript } from './script-body';
import type { JobSpec } from './types';

/** Local runner script (validated spec): no directives, the runner's wrapper enforces the walltime. */
export function renderLocalScript(spec: JobSpec, jobDir: string): string {
  return renderJobScript(spec, jobDir, {
    directives: [],
    description: `orcastrate local job ${spec.name} (attempt ${spec.attempt}): ${spec.cores} cores, ${spec.memoryMb} MB, walltime ${spec.walltimeSeconds} s`,
  });
}
