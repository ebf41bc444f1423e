import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { CampaignSettings } from '../campaign/input';
import type { StatusCounts } from '../campaign/statuses';
import {
  cancelReadyJobs,
  failureReasons,
  readyJobs,
  resetFailedJobs,
  retryJobs,
  rowIndexEnd,
  compactStatusCounts,
  type ResetFilter,
  type RetryOutcome,
  type IngestCounts,
  type ReadyJob,
} from '../db';
import { attachCampaign } from '../ingest/attach-campaign';
import { ingestCampaignCsv, type IngestOutcome } from '../ingest/csv-into-campaign';
import type { JobOverrides } from '../campaign/operator-requests';
import { mappingIngestErrors } from './ingest-failure';

// src/activities/active-learning.ts still imports these from here; its move to src/db drops this line.

/** The ingest core as the activity runs it: input errors are non-retryable `IngestInputError` failures. */
export function ingestCsvIntoCampaign(...args: Parameters<typeof ingestCampaignCsv>): Promise<IngestOutcome> {
  return mappingIngestErrors(() => ingestCampaignCsv(...args));
}

export function createCampaignDbActivities(pool: Pool) {
  return {
    async ingestCampaign({
      campaignId,
      settings,
    }: {
      campaignId: string;
      settings: CampaignSettings;
    }): Promise<IngestCounts> {
      if (!settings.csvPath) return mappingIngestErrors(() => attachCampaign(pool, campaignId, settings));
      const { good, bad, duplicates } = await ingestCsvIntoCampaign(
        pool,
        campaignId,
        settings.csvPath,
        settings.ingest,
        {
          settings,
          steps: settings.steps,
          onProgress: (rows) => Context.current().heartbeat({ rows }),
        },
      );
      return { good, bad, duplicates };
    },

    async readyJobs({
      campaignId,
      fromRowIndex,
      limit,
      toRowIndex,
    }: {
      campaignId: string;
      fromRowIndex: number;
      limit: number;
      toRowIndex?: number;
    }): Promise<ReadyJob[]> {
      return readyJobs(pool, campaignId, fromRowIndex, limit, toRowIndex);
    },

    async rowIndexEnd({ campaignId }: { campaignId: string }): Promise<number> {
      return rowIndexEnd(pool, campaignId);
    },

    async campaignCounts({ campaignId }: { campaignId: string }): Promise<StatusCounts> {
      return compactStatusCounts(pool, campaignId);
    },

    async failureReasons({ campaignId }: { campaignId: string }): Promise<Record<string, number>> {
      return failureReasons(pool, campaignId);
    },

    async resetFailedJobs({ campaignId, ...filter }: { campaignId: string } & ResetFilter): Promise<number> {
      return resetFailedJobs(pool, campaignId, filter);
    },

    async retryJobs({
      campaignId,
      jobIds,
      overrides,
    }: {
      campaignId: string;
      jobIds: string[];
      overrides?: JobOverrides;
    }): Promise<RetryOutcome> {
      return retryJobs(pool, campaignId, jobIds, overrides);
    },

    async cancelReadyJobs({ campaignId }: { campaignId: string }): Promise<number> {
      return cancelReadyJobs(pool, campaignId);
    },
  };
}
