import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { SchedulerSettings } from '../campaign/input';
import type { Config } from '../config';
import { createScheduler, type SchedulerAdapter } from '../schedulers';

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
          ? createScheduler('local', {
              stateDir: path.join(this.dataRoot, '.local-runner'),
              maxConcurrent: settings.localConcurrency,
            })
          : settings.kind === 'slurm'
            ? createScheduler('slurm', {})
            : createScheduler('flux', {});
      this.adapters.set(key, adapter);
    }
    return adapter;
  }
}
