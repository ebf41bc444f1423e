import type { Command } from 'commander';
import { runWorker } from '../../workers/main';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run a cluster-side worker (configured by TEMPORAL_* and DATABASE_URL variables)')
    .action(runWorker);
}
