import { patched, workflowInfo } from '@temporalio/workflow';
import type { JobSettings } from '../jobs/types';
import { db } from './campaign-activities';
import { startJobWorkflow } from './campaign-job-start';
import { jobSettingsFor, type PipelinePlan } from './campaign-pipeline';

/** Rows a window takes jobs from: row_index in [from, to), `to` absent = to the end. */
export interface RowRange {
  from: number;
  to?: number;
}

export interface JobWindowOptions {
  campaignId: string;
  /** The workflow each job signals when it is final (the campaign, or its shard). */
  workflowId: string;
  jobSettings: JobSettings;
  /** A pipeline campaign's steps (each job runs its step's settings). */
  pipeline?: PipelinePlan;
  hostTaskQueue: () => string | undefined;
  /** Postgres reads (activities or local activities). */
  reads: Pick<typeof db, 'readyJobs'>;
  /** Fetch only as many ready rows as there are free slots (else a fixed batch). */
  fetchFreeSlots: boolean;
  /** Start the jobs of a fill from one activity with the client (see startsInBatches). */
  batchStarts?: boolean;
  range?: RowRange;
}

/**
 * Patch id. Job workflows are started by one activity per fill, through the client, as independent
 * workflows (they still signal the campaign when final): a workflow's own child starts are throttled
 * by the server (~4 per second here, a first window of 200 took 48 s), a client's are not. The price:
 * the Web UI shows no parent link from a job to its campaign (the OrcastrateCampaign search
 * attribute and the `<campaign>/<job>` id still tie them).
 */
const BATCH_STARTS_PATCH = 'campaign-batch-starts';

/** Whether this campaign run starts its jobs in batches (only with the lean loop). */
export function startsInBatches(lean: boolean): boolean {
  return lean && patched(BATCH_STARTS_PATCH);
}

/**
 * The job workflows a campaign (or one of its shards) keeps running: at most `maxInFlight`, started
 * in row order from a cursor over its rows.
 */
export class JobWindow {
  readonly inFlight: Set<string>;
  cursor: number;

  constructor(
    private readonly options: JobWindowOptions,
    carried?: { inFlight: string[]; cursor: number },
  ) {
    this.inFlight = new Set(carried?.inFlight ?? []);
    this.cursor = carried?.cursor ?? options.range?.from ?? 0;
  }

  /**
   * Starts ready jobs until the window is full, `stopped` says so, or no ready row is left
   * (exhausted). `rescan` starts again from the first row (jobs reset or made ready behind the cursor).
   */
  async fill(
    maxInFlight: number,
    stopped: () => boolean,
    rescan: boolean,
    onStart: () => void,
  ): Promise<{ exhausted: boolean }> {
    const { campaignId, range, reads } = this.options;
    if (rescan) this.cursor = range?.from ?? 0;
    while (this.inFlight.size < maxInFlight && !stopped()) {
      // From the first row again, rows of jobs in flight that have not left `ready` yet come back too.
      const wanted = maxInFlight - this.inFlight.size + (rescan ? this.inFlight.size : 0);
      const batch = await reads.readyJobs({
        campaignId,
        fromRowIndex: this.cursor,
        limit: Math.min(500, this.options.fetchFreeSlots ? wanted : maxInFlight),
        ...(range?.to === undefined ? {} : { toRowIndex: range.to }),
      });
      const candidates = batch.filter((job) => !this.inFlight.has(job.jobId));
      if (batch.length === 0) return { exhausted: true };
      if (this.options.batchStarts && candidates.length > 0) {
        const taken = candidates.slice(0, maxInFlight - this.inFlight.size);
        await this.startBatch(taken);
        onStart();
        const last = taken[taken.length - 1]!;
        this.cursor = this.options.pipeline ? last.rowIndex : last.rowIndex + 1;
        continue;
      }
      for (const job of candidates) {
        if (this.inFlight.size >= maxInFlight || stopped()) return { exhausted: false };
        await this.start(job.jobId, job.step);
        onStart();
        // a pipeline row's other ready steps may be in the next batch
        this.cursor = this.options.pipeline ? job.rowIndex : job.rowIndex + 1;
      }
      if (candidates.length === 0) this.cursor = batch[batch.length - 1]!.rowIndex + 1;
    }
    return { exhausted: false };
  }

  private async startBatch(jobs: { jobId: string; step: string }[]): Promise<void> {
    const { campaignId, workflowId, jobSettings, pipeline, hostTaskQueue } = this.options;
    const settings: Record<string, JobSettings> = {};
    const starts = jobs.map(({ jobId, step }) => {
      const settingsKey = pipeline?.stepSettings[step] ? step : '';
      settings[settingsKey] ??= jobSettingsFor(pipeline, jobSettings, step);
      this.inFlight.add(jobId);
      return { jobId, settingsKey };
    });
    const host = hostTaskQueue();
    await db.startJobWorkflows({
      campaignId,
      campaignWorkflowId: workflowId,
      taskQueue: workflowInfo().taskQueue,
      ...(host ? { hostTaskQueue: host } : {}),
      settings,
      jobs: starts,
    });
  }

  private async start(jobId: string, step: string | undefined): Promise<void> {
    this.inFlight.add(jobId);
    const { campaignId, workflowId, jobSettings, pipeline, hostTaskQueue } = this.options;
    await startJobWorkflow({
      campaignId,
      jobId,
      campaignWorkflowId: workflowId,
      settings: jobSettingsFor(pipeline, jobSettings, step),
      hostTaskQueue: hostTaskQueue(),
    });
  }
}
