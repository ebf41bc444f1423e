/** A job's share of a concurrency limit: at most `limit` jobs of `group` run at once. */
export interface ConcurrencyClaim {
  group: string;
  limit: number;
}

/**
 * The queued jobs that may start now, in queue order. Each group is counted on its own: a full group
 * holds back only its own jobs. A job is checked against its own limit, so when the limit of a
 * group changes, jobs queued before the change keep the limit they were queued with.
 */
export function jobsToStart<T>(
  running: readonly ConcurrencyClaim[],
  queued: readonly T[],
  claimOf: (job: T) => ConcurrencyClaim,
): T[] {
  const counts = new Map<string, number>();
  for (const { group } of running) counts.set(group, (counts.get(group) ?? 0) + 1);
  const starting: T[] = [];
  for (const job of queued) {
    const { group, limit } = claimOf(job);
    const count = counts.get(group) ?? 0;
    if (count < limit) {
      starting.push(job);
      counts.set(group, count + 1);
    }
  }
  return starting;
}
