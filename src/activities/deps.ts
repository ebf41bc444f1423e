import { Context } from '@temporalio/activity';
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
  /**
   * The host task queue this process polls besides the shared one (config.temporal.hostTaskQueue).
   * When set, campaigns on the local runner are pinned to it (see localHostQueue); when unset (a
   * worker polling the shared queue only), they run unpinned on the shared queue.
   */
  hostTaskQueue?: string;
  /** The scheduler adapters (default: a registry of the real ones under config.dataRoot). */
  schedulers?: SchedulerRegistry;
}

/**
 * Scheduler adapters are cached per process: the local runner enforces its cap in-process. A local
 * activity on this host's task queue works with the host's own runner index; one on the shared
 * queue (a job not pinned to a host) with the shared index, as before host pinning.
 */
export class SchedulerRegistry {
  private readonly adapters = new Map<string, SchedulerAdapter>();

  constructor(
    private readonly dataRoot: string,
    private readonly host?: { name: string; taskQueue: string },
  ) {}

  get(settings: SchedulerSettings): SchedulerAdapter {
    const stateDir =
      settings.kind === 'local' ? localRunnerStateDir(this.dataRoot, this.pinnedHost()) : undefined;
    const key = stateDir ?? settings.kind;
    let adapter = this.adapters.get(key);
    if (!adapter) {
      adapter = stateDir
        ? // each job names its own concurrency group and limit (the campaign's localConcurrency)
          createScheduler('local', { stateDir })
        : settings.kind === 'slurm'
          ? createScheduler('slurm', {})
          : createScheduler('flux', {});
      this.adapters.set(key, adapter);
    }
    return adapter;
  }

  /** This host's name when the running activity came through its host task queue. */
  private pinnedHost(): string | undefined {
    if (!this.host) return undefined;
    return activityTaskQueue() === this.host.taskQueue ? this.host.name : undefined;
  }
}

function activityTaskQueue(): string | undefined {
  try {
    return Context.current().info.taskQueue;
  } catch {
    return undefined; // called outside an activity (tests, benchmarks)
  }
}
