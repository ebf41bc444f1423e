import { defineSignal } from '@temporalio/workflow';
import type { JobSettings } from '../jobs/types';
import type { PipelinePlan } from './campaign-pipeline';
import type { RowRange } from './job-window';

/** What a campaign tells its shards; absent fields are unchanged. */
export interface ShardControl {
  window?: number;
  paused?: boolean;
  /** Jobs were made ready again (reset, retry): scan the shard's rows from their first again. */
  rescan?: boolean;
  cancel?: boolean;
}

/** What a shard tells its campaign: it has ended (no ready row left, nothing in flight), or paused itself. */
export interface ShardEvent {
  shard: number;
  ended?: boolean;
  pausedBecause?: string;
}

export interface ShardInput {
  campaignId: string;
  campaignWorkflowId: string;
  shard: number;
  range: RowRange;
  window: number;
  jobSettings: JobSettings;
  /** A pipeline campaign's steps. */
  pipeline?: PipelinePlan;
  hostTaskQueue?: string;
  continueAsNewAfterJobs: number;
  pauseAfterSubmitRejections: number;
  paused: boolean;
}

/** A shard's state carried across its continue-as-new. */
export interface ShardCarry {
  inFlight: string[];
  cursor: number;
  rescan: boolean;
  submitRejections: { consecutive: number; lastReason: string };
}

export const shardControlSignal = defineSignal<[ShardControl]>('shardControl');
export const shardEventSignal = defineSignal<[ShardEvent]>('shardEvent');

/** The workflow id of a campaign's shard: `<campaign>/shard-<n>` (job ids are `row-…`). */
export function shardWorkflowId(campaignId: string, shard: number): string {
  return `${campaignId}/shard-${shard}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optional = (value: unknown, type: 'boolean' | 'string') => value === undefined || typeof value === type;

export function isShardControl(value: unknown): value is ShardControl {
  return (
    isRecord(value) &&
    (value.window === undefined || (Number.isSafeInteger(value.window) && (value.window as number) >= 1)) &&
    optional(value.paused, 'boolean') &&
    optional(value.rescan, 'boolean') &&
    optional(value.cancel, 'boolean')
  );
}

export function isShardEvent(value: unknown): value is ShardEvent {
  return (
    isRecord(value) &&
    Number.isSafeInteger(value.shard) &&
    optional(value.ended, 'boolean') &&
    optional(value.pausedBecause, 'string')
  );
}
