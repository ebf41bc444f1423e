import type { SchedulerSettings } from '../campaign/input';

/** Worker variables a campaign's jobs take with them (see `scheduler.exportEnv`). */
export function jobInheritedEnvironment(scheduler: SchedulerSettings): string[] {
  return [...scheduler.exportEnv];
}
