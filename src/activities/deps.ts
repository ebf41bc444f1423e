import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { SchedulerSettings } from '../campaign/input';
import type { Config } from '../config';
import { createScheduler, type SchedulerAdapter } from '../schedulers';
import { localRunnerStateDir } from '../schedulers/local-state-dir';

export interface ActivityDependencies {
  pool: Pool;
  config: Config;
  /** For activities that signal workflows (the batched poller). */
  client: Client;
}

/** Scheduler adapters are cached per process: the local runner enforces its cap in-process. */
export class SchedulerRegistry {
  private readonly adapters = new Map<string, SchedulerAdapter>();

  constructor(private readonly dataRoot: string) {}

  get(settings: SchedulerSettings): SchedulerAdapter {
    const key = settings.kind;
    let adapter = this.adapters.get(key);
    if (!adapter) {
      adapter =
        settings.kind === 'local'
          ? // each job names its own concurrency group and limit (the campaign's localConcurrency)
            createScheduler('local', { stateDir: localRunnerStateDir(this.dataRoot) })
          : settings.kind === 'slurm'
            ? createScheduler('slurm', {})
            : createScheduler('flux', {});
      this.adapters.set(key, adapter);
    }
    return adapter;
  }
}
