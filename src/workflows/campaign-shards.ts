import { condition, getExternalWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { campaignKey } from '../campaign/search-attributes';
import type { CampaignSettings } from '../campaign/input';
import type { PipelinePlan } from './campaign-pipeline';
import type { JobSettings } from '../jobs/types';
import { localDb } from './campaign-activities';
import { campaignShard } from './campaign-shard';
import type { RowRange } from './job-window';
import { shardControlSignal, shardWorkflowId, type ShardControl } from './shard-messages';

/** A sharded campaign's shards, carried across its continue-as-new. */
export interface ShardsCarry {
  ranges: RowRange[];
  running: number[];
}

export interface CampaignShardsOptions {
  campaignId: string;
  /** The campaign's workflow id: shards tell it when they end. */
  workflowId: string;
  jobSettings: JobSettings;
  pipeline?: PipelinePlan;
  hostTaskQueue: () => string | undefined;
  settings: Pick<
    CampaignSettings,
    'maxInFlightPerWorkflow' | 'continueAsNewAfterJobs' | 'pauseAfterSubmitRejections'
  >;
}

/**
 * The shard workflows of a campaign whose maxInFlight is above what one workflow may keep in flight
 * (Temporal: at most 2,000 pending children per workflow, 10,000 signals per run). Each shard owns a
 * range of rows and a share of the window; the campaign starts them, forwards pause, window changes,
 * rescans and cancellation, and learns from each when it has ended.
 */
export class CampaignShards {
  ranges: RowRange[];
  readonly running: Set<number>;
  private told: { windows: number[]; paused: boolean } | undefined;

  constructor(
    private readonly options: CampaignShardsOptions,
    carried?: ShardsCarry,
  ) {
    this.ranges = carried?.ranges ?? [];
    this.running = new Set(carried?.running ?? []);
  }

  carry(): ShardsCarry | undefined {
    return this.ranges.length === 0 ? undefined : { ranges: this.ranges, running: [...this.running] };
  }

  /** Starts every shard that is not running (computing the ranges at the first start). */
  async start(maxInFlight: number, paused: boolean): Promise<void> {
    const { campaignId } = this.options;
    if (this.ranges.length === 0) {
      const count = Math.ceil(maxInFlight / this.options.settings.maxInFlightPerWorkflow);
      this.ranges = splitRows(await localDb.rowIndexEnd({ campaignId }), count);
    }
    const windows = this.windows(maxInFlight);
    for (const [shard, range] of this.ranges.entries()) {
      if (this.running.has(shard)) continue;
      this.running.add(shard);
      try {
        await startChild(campaignShard, {
          workflowId: shardWorkflowId(campaignId, shard),
          args: [
            {
              campaignId,
              campaignWorkflowId: this.options.workflowId,
              shard,
              range,
              window: windows[shard]!,
              jobSettings: this.options.jobSettings,
              ...(this.options.pipeline ? { pipeline: this.options.pipeline } : {}),
              hostTaskQueue: this.options.hostTaskQueue(),
              continueAsNewAfterJobs: this.options.settings.continueAsNewAfterJobs,
              pauseAfterSubmitRejections: this.options.settings.pauseAfterSubmitRejections,
              paused,
            },
          ],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: [{ key: campaignKey, value: campaignId }],
        });
      } catch (error) {
        // still running from an earlier run of this campaign: it reports to this one
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
    this.told ??= { windows, paused };
  }

  /** Tells the running shards a changed window or pause. */
  async sync(maxInFlight: number, paused: boolean): Promise<void> {
    const windows = this.windows(maxInFlight);
    const before = this.told;
    for (const shard of this.running) {
      const control: ShardControl = {};
      if (before?.windows[shard] !== windows[shard]) control.window = windows[shard];
      if (before?.paused !== paused) control.paused = paused;
      if (Object.keys(control).length > 0) await this.tell(shard, control);
    }
    this.told = { windows, paused };
  }

  async rescan(): Promise<void> {
    for (const shard of this.running) await this.tell(shard, { rescan: true });
  }

  ended(shard: number): void {
    this.running.delete(shard);
  }

  /** Cancels every running shard (each cancels its jobs) and waits until they have all ended. */
  async cancel(): Promise<void> {
    for (const shard of this.running) await this.tell(shard, { cancel: true });
    await condition(() => this.running.size === 0, '10 minutes');
  }

  /** maxInFlight split as evenly as the shards allow, none above perWorkflow. */
  private windows(maxInFlight: number): number[] {
    const count = this.ranges.length;
    return this.ranges.map((_, shard) =>
      Math.max(
        1,
        Math.min(
          this.options.settings.maxInFlightPerWorkflow,
          Math.floor(maxInFlight / count) + (shard < maxInFlight % count ? 1 : 0),
        ),
      ),
    );
  }

  private async tell(shard: number, control: ShardControl): Promise<void> {
    try {
      await getExternalWorkflowHandle(shardWorkflowId(this.options.campaignId, shard)).signal(
        shardControlSignal,
        control,
      );
    } catch {
      // it has just ended: its ended event is on its way
      this.running.delete(shard);
    }
  }
}

/** Rows [0, end) in `count` contiguous ranges; the last one is open (rows added later land in it). */
export function splitRows(end: number, count: number): RowRange[] {
  return Array.from({ length: count }, (_, shard) => ({
    from: Math.floor((shard * end) / count),
    ...(shard === count - 1 ? {} : { to: Math.floor(((shard + 1) * end) / count) }),
  }));
}
