import type { StatusCounts } from '../campaign/statuses';
import type { LocalHostPin } from '../jobs/types';
import type { ShardsCarry } from './campaign-shards';

/** State carried from one run of a campaign to the next (continue-as-new). */
export interface CampaignCarry {
  ingested: { good: number; bad: number; duplicates?: number };
  inFlight: string[];
  cursor: number;
  rescanRequested: boolean;
  paused: boolean;
  maxInFlight: number;
  generation: number;
  pauseReason?: string;
  submitRejections?: { consecutive: number; lastReason: string };
  /** Started before input became strict: later runs keep ignoring unknown fields. */
  lenientInput?: boolean;
  /** A close arrived before the campaign settled: it closes once settled. */
  closeRequested?: boolean;
  /** The host the campaign's local-runner jobs were pinned to at its first start. */
  localHost?: LocalHostPin;
  /** A sharded campaign's shards (maxInFlight above maxInFlightPerWorkflow). */
  shards?: ShardsCarry;
}

export interface CampaignSummary {
  campaignId: string;
  counts: StatusCounts;
  failureReasons: Record<string, number>;
  ingest: { good: number; bad: number; duplicates?: number };
  generations: number;
}
