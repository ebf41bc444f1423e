import { jobsToStart, type ConcurrencyClaim } from '../../../src/schedulers/local-concurrency';

interface Queued {
  id: string;
  claim: ConcurrencyClaim;
}
const job = (id: string, group: string, limit: number): Queued => ({ id, claim: { group, limit } });
const start = (running: ConcurrencyClaim[], queued: Queued[]) =>
  jobsToStart(running, queued, (entry) => entry.claim).map((entry) => entry.id);

describe('jobsToStart', () => {
  it('fills each group up to its own limit, in queue order', () => {
    const queued = [
      job('a1', 'A', 2),
      job('a2', 'A', 2),
      job('a3', 'A', 2),
      job('b1', 'B', 1),
      job('b2', 'B', 1),
    ];
    expect(start([], queued)).toEqual(['a1', 'a2', 'b1']);
  });

  it('does not let a full group hold back the jobs queued behind it', () => {
    const running = [
      { group: 'A', limit: 1 },
      { group: 'B', limit: 3 },
    ];
    expect(start(running, [job('a2', 'A', 1), job('b2', 'B', 3), job('c1', 'C', 1)])).toEqual(['b2', 'c1']);
  });

  it('checks each job against the limit it was queued with', () => {
    const running = [
      { group: 'A', limit: 1 },
      { group: 'A', limit: 1 },
    ];
    // The campaign's limit was raised to 3 after the first two jobs were queued.
    expect(start(running, [job('a3', 'A', 3), job('a4', 'A', 3)])).toEqual(['a3']);
    expect(start(running, [job('a3', 'A', 2)])).toEqual([]);
  });
});
