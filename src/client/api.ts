import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { CampaignInput } from '../campaign/input';
import { loadConfig, type Config } from '../config';
import { createPool } from '../db/pool';
import { connectClient } from '../temporal/connection';
import type { campaign } from '../workflows/campaign';
import type { CampaignSummary } from '../workflows/campaign-types';
import type { CampaignStatus, ResetFailedOptions } from '../workflows/messages';
import { listCampaignJobs, type JobListing, type JobsQuery } from './campaign-jobs';
import { resetFailedCampaign, type CampaignResetResult } from './campaign-reset';
import { startCampaign, type StartedCampaign } from './campaign-start';
import { watchCampaign, type WatchOptions } from './campaign-watch';
import { queryCampaignStatus } from './campaign-workflow';
import type { WatchEvent } from './watch-events';

export { loadConfig } from '../config';
export type { Config } from '../config';
export type { CampaignInput } from '../campaign/input';
export { JOB_STATUSES, type JobStatus, type StatusCounts } from '../campaign/statuses';
export type { CampaignSummary } from '../workflows/campaign-types';
export type { CampaignStatus, ResetFailedOptions } from '../workflows/messages';
export { CampaignNotFoundError, InvalidRequestError } from './campaign-errors';
export type { JobListing, JobsQuery } from './campaign-jobs';
export type { CampaignResetResult } from './campaign-reset';
export type { StartedCampaign } from './campaign-start';
export type { WatchOptions } from './campaign-watch';
export type { ClosedEvent, CountsEvent, SettledEvent, TransitionEvent, WatchEvent } from './watch-events';
export { InvalidInputError } from '../campaign/input';

/**
 * orcastrate from a program: the same operations as the CLI (which calls the same functions).
 *
 *   const orca = await Orcastrate.connect();            // configuration from the environment
 *   await orca.start(input, { workflowId: 'my-campaign' });
 *   for await (const event of orca.watch('my-campaign')) console.log(event);
 *   const failed = await orca.jobs('my-campaign', { status: ['failed', 'timeout'] });
 *   await orca.close();
 */
export class Orcastrate {
  /** Ends every watch still running when the client closes (their next poll would find no connection). */
  private readonly closing = new AbortController();
  /** Watch steps under way: close() lets them finish, as a connection closed under a call can crash the process. */
  private readonly busy = new Set<Promise<unknown>>();

  private constructor(
    readonly config: Config,
    private readonly temporal: Client,
    private readonly pool: Pool,
  ) {}

  /** Connects to Temporal (and, lazily, Postgres) with `config`, by default the environment's. */
  static async connect(config: Config = loadConfig()): Promise<Orcastrate> {
    const temporal = await connectClient(config);
    return new Orcastrate(config, temporal, createPool(config.databaseUrl, 4));
  }

  /** Starts a campaign and returns at once (InvalidInputError for bad input). */
  start(input: CampaignInput, options: { workflowId: string }): Promise<StartedCampaign> {
    return startCampaign(this.temporal, this.config, input, options);
  }

  /** The campaign workflow's status query (phase, counts, in flight); undefined when it cannot answer. */
  async status(workflowId: string): Promise<CampaignStatus | undefined> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    await handle.describe(); // WorkflowNotFoundError for an unknown id, rather than "no answer"
    return queryCampaignStatus(handle);
  }

  /**
   * Counts, then each job transition, until a final `settled` or `closed` event (as `watch --json`);
   * it ends without one when `options.signal` aborts or the client closes.
   */
  watch(workflowId: string, options: WatchOptions = {}): AsyncGenerator<WatchEvent, void, undefined> {
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.closing.signal])
      : this.closing.signal;
    return this.tracked(
      watchCampaign({ client: this.temporal, pool: this.pool }, workflowId, { ...options, signal }),
    );
  }

  private async *tracked(
    inner: AsyncGenerator<WatchEvent, void, undefined>,
  ): AsyncGenerator<WatchEvent, void, undefined> {
    try {
      for (;;) {
        const step = inner.next();
        this.busy.add(step);
        const result = await step.finally(() => this.busy.delete(step));
        if (result.done) return;
        yield result.value;
      }
    } finally {
      await inner.return();
    }
  }

  /** Puts failed jobs (and timed-out ones with includeTimeouts) back in the queue. */
  resetFailed(workflowId: string, options: ResetFailedOptions = {}): Promise<CampaignResetResult> {
    return resetFailedCampaign(this.temporal, this.config, workflowId, options);
  }

  /** The campaign's jobs in row order, e.g. `{ status: 'failed' }` (get_jobs_by_status). */
  jobs(campaignId: string, query?: JobsQuery): Promise<JobListing[]> {
    return listCampaignJobs(this.pool, campaignId, query);
  }

  /** The campaign's summary once its workflow has closed (waits until then). */
  result(workflowId: string): Promise<CampaignSummary> {
    return this.temporal.workflow.getHandle<typeof campaign>(workflowId).result();
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.busy]);
    await Promise.allSettled([this.temporal.connection.close(), this.pool.end()]);
  }
}
