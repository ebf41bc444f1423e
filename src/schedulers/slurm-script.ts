import { validateJobSpec } from './job-spec';
import { renderScriptBody } from './script-body';
import type { JobSpec } from './types';
import { slurmTimeLimit } from './walltime';

/**
 * SLURM batch script. Only validated tokens go into #SBATCH lines; the job directory and log path are
 * given to sbatch as separate arguments (--chdir, --output) because paths may contain spaces.
 */
export function renderSlurmScript(spec: JobSpec, jobDir: string): string {
  validateJobSpec(spec);
  const directives = [
    `--job-name=${spec.name}`,
    '--nodes=1',
    `--ntasks=${spec.cores}`,
    '--cpus-per-task=1',
    `--mem=${spec.memoryMb}M`,
    `--time=${slurmTimeLimit(spec.walltimeSeconds)}`,
  ];
  if (spec.queue) directives.push(`--partition=${spec.queue}`);
  if (spec.account) directives.push(`--account=${spec.account}`);
  return `#!/bin/bash
${directives.map((directive) => `#SBATCH ${directive}`).join('\n')}
# orcastrate job ${spec.name} (attempt ${spec.attempt})

${renderScriptBody(spec, jobDir)}`;
}
