import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { campaignKey, jobStatusKey } from '../campaign/search-attributes';
import { stillReadyJobs } from '../db';
import type { JobSettings, JobWorkflowInput } from '../jobs/types';
import { jobWorkflowDetails, jobWorkflowSummary } from '../jobs/workflow-labels';

/** Job workflows a campaign (or its shard) starts at once: settings are sent once per key, not per job. */
export interface JobStartBatch {
  campaignId: string;
  /** The workflow each job signals when final (the campaign, or its shard). */
  campaignWorkflowId: string;
  /** The task queue the job workflows run on (the campaign's own). */
  taskQueue: string;
  hostTaskQueue?: string;
  settings: Record<string, JobSettings>;
  jobs: { jobId: string; settingsKey: string }[];
}

/**
 * Starts in flight at once: the server throttles one workflow's concurrent child starts, not a
 * client's starts of independent workflows.
 */
const CONCURRENT_STARTS = 16;

export function createJobStartActivities(client: Client, pool: Pool) {
  async function startOne(batch: JobStartBatch, job: JobStartBatch['jobs'][number]): Promise<boolean> {
    const { campaignId, campaignWorkflowId, hostTaskQueue } = batch;
    const settings = batch.settings[job.settingsKey];
    if (!settings) throw new Error(`job ${job.jobId}: no settings "${job.settingsKey}" in its start batch`);
    const input: JobWorkflowInput = {
      campaignId,
      jobId: job.jobId,
      campaignWorkflowId,
      settings,
      ...(hostTaskQueue ? { hostTaskQueue } : {}),
    };
    try {
      await client.workflow.start('orcaJob', {
        workflowId: `${campaignId}/${job.jobId}`,
        taskQueue: batch.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: campaignKey, value: campaignId },
          { key: jobStatusKey, value: 'ready' },
        ],
        staticSummary: jobWorkflowSummary(campaignId, job.jobId),
        staticDetails: jobWorkflowDetails(campaignId, job.jobId, settings),
      });
      return true;
    } catch (error) {
      // started before (an earlier try of this activity, or a previous run): it signals when done
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  return {
    /**
     * Starts a batch of job workflows (ids `<campaign>/<job>`) as independent workflows; safe to
     * repeat. Only jobs still `ready` are started: a retry of this activity (its worker killed, say)
     * must not start a second run of a job whose workflow already finished (a closed workflow id may
     * be started again, as a reset needs). Returns how many were new.
     */
    async startJobWorkflows(batch: JobStartBatch): Promise<number> {
      const ready = await stillReadyJobs(
        pool,
        batch.campaignId,
        batch.jobs.map((job) => job.jobId),
      );
      const jobs = batch.jobs.filter((job) => ready.has(job.jobId));
      let next = 0;
      let started = 0;
      const worker = async (): Promise<void> => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          if (await startOne(batch, job)) started += 1;
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENT_STARTS, jobs.length) }, worker));
      return started;
    },
  };
}
