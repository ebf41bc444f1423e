import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** What a query function runs on: the pool, or a client inside a transaction. */
export type Queryable = Pool | PoolClient;

/** The first row of the query's result passed through `toValue`, or undefined when there is none. */
export async function firstRow<Row extends QueryResultRow, T>(
  q: Queryable,
  sql: string,
  params: unknown[],
  toValue: (row: Row) => T,
): Promise<T | undefined> {
  const { rows } = await q.query<Row>(sql, params);
  const row = rows[0];
  return row === undefined ? undefined : toValue(row);
}

/**
 * Runs `work` in one transaction on one client: committed if it returns, rolled back if it throws.
 * A client whose rollback fails is broken and is destroyed instead of going back to the pool.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let healthy = true;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    healthy = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    throw error;
  } finally {
    client.release(!healthy);
  }
}
