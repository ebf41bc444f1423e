import { renderJobScript } from './script-body';
import type { JobSpec } from './types';
import { slurmTimeLimit } from './walltime';

/**
 * SLURM batch script for a validated spec. Only validated tokens go into #SBATCH lines; the job
 * directory and log path are given to sbatch as separate arguments (--chdir, --output) because paths
 * may contain spaces.
 */
export function renderSlurmScript(spec: JobSpec, jobDir: string): string {
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
  return renderJobScript(spec, jobDir, {
    directives: directives.map((directive) => `#SBATCH ${directive}`),
    description: `orcastrate job ${spec.name} (attempt ${spec.attempt})`,
  });
}
