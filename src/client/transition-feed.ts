import type { Pool } from 'pg';
import type { StatusCounts } from '../campaign/statuses';
import { readTransitionWindow, type JobTransition } from '../db';

function xidBelow(a: string, b: string): boolean {
  return BigInt(a) < BigInt(b);
}

/**
 * Delivers each job transition of a campaign once, from the moment it is opened. Neither an id nor a
 * time cursor is safe: a transaction can commit after a later one whose rows were already read,
 * with a smaller id and an earlier `now()`. So each read takes every visible row of transactions
 * from the last snapshot's xmin on (no transaction below it can still commit) and skips the ones
 * already delivered; only rows of still-unfinished-looking transactions are read twice.
 */
export class TransitionFeed {
  private constructor(
    private readonly pool: Pool,
    private readonly campaignId: string,
    private cursor: string,
    /** Delivered rows of transactions at or above the cursor: id -> xid. */
    private readonly delivered: Map<string, string>,
  ) {}

  /** Opens the feed at the present; returns the counts that the first transitions start from. */
  static async open(pool: Pool, campaignId: string): Promise<{ feed: TransitionFeed; counts: StatusCounts }> {
    const window = await readTransitionWindow(pool, campaignId, { withCounts: true });
    const delivered = new Map(window.transitions.map((t): [string, string] => [t.id, t.xid]));
    return { feed: new TransitionFeed(pool, campaignId, window.xmin, delivered), counts: window.counts! };
  }

  /**
   * Transitions not delivered before, in the order they were written; with `withCounts`, also the
   * status counts of the same snapshot (they include every transition returned so far).
   */
  async next(withCounts = false): Promise<{ transitions: JobTransition[]; counts?: StatusCounts }> {
    const window = await readTransitionWindow(this.pool, this.campaignId, {
      sinceXid: this.cursor,
      withCounts,
    });
    const fresh = window.transitions.filter((t) => !this.delivered.has(t.id));
    for (const t of fresh) this.delivered.set(t.id, t.xid);
    if (xidBelow(this.cursor, window.xmin)) this.cursor = window.xmin;
    for (const [id, xid] of this.delivered) if (xidBelow(xid, this.cursor)) this.delivered.delete(id);
    return { transitions: fresh, counts: window.counts };
  }
}
