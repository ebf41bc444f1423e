/**
 * When the campaign loop polls the scheduler and refreshes its counts. Both happen at most once per
 * poll interval. Before the lean loop (patch campaign-lean-loop) the counts were refreshed and the
 * loop woken every interval whatever happened; the lean loop refreshes them only when something
 * changed or jobs are in flight, and sleeps until a signal when there is nothing to poll or count.
 */
export class CampaignClock {
  private lastPollAt = Date.now();
  private countsAt = -Infinity;
  private countsStale = true;

  constructor(
    private readonly intervalMs: number,
    private readonly lean: boolean,
  ) {}

  /** Something the counts show may have changed: a job started or finished, an operator acted. */
  changed(): void {
    this.countsStale = true;
  }

  countsDue(inFlight: number): boolean {
    if (Date.now() - this.countsAt < this.intervalMs) return false;
    return !this.lean || inFlight > 0 || this.countsStale;
  }

  countsRefreshed(): void {
    this.countsAt = Date.now();
    this.countsStale = false;
  }

  /** On a clock, not on quiet: a steady stream of job signals must not starve the poller. */
  pollDue(inFlight: number): boolean {
    return inFlight > 0 && Date.now() - this.lastPollAt >= this.intervalMs;
  }

  polled(): void {
    this.lastPollAt = Date.now();
  }

  /** How long the loop may sleep without a signal; undefined: until a signal. */
  sleepMs(inFlight: number): number | undefined {
    if (!this.lean) return Math.max(1, this.lastPollAt + this.intervalMs - Date.now());
    const pollAt = inFlight > 0 ? this.lastPollAt + this.intervalMs : Infinity;
    const countsAt = this.countsStale ? this.countsAt + this.intervalMs : Infinity;
    const wakeAt = Math.min(pollAt, countsAt);
    return wakeAt === Infinity ? undefined : Math.max(1, wakeAt - Date.now());
  }
}
