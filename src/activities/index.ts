import type { Pool } from 'pg';
import { createStackProbeActivities } from './stack-probe';

export interface ActivityDependencies {
  pool: Pool;
}

export function createActivities({ pool }: ActivityDependencies) {
  return {
    ...createStackProbeActivities(pool),
  };
}

export type Activities = ReturnType<typeof createActivities>;
