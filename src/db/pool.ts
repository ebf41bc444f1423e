import { Pool } from 'pg';
import { describeError } from '../redact';

/**
 * A pool that survives the database going away: idle clients that die emit 'error' on the pool,
 * which would crash the process if unhandled. Queries on a dead connection fail and are retried
 * by Temporal's activity retry policy.
 */
export function createPool(databaseUrl: string, max = 10): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) => {
    console.warn(`postgres: idle connection lost (${describeError(error)}); it will be replaced on next use`);
  });
  return pool;
}
