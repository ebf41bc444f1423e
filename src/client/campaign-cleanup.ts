import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { identifier } from '../campaign/input';
import { markCampaignLeftoversCancelled, openAttempts } from '../db';
import { createScheduler, type SchedulerAdapter, type SchedulerKind } from '../schedulers';
import { localRunnerStateDir } from '../schedulers/local-state-dir';

export interface CleanupReport {
  campaignWorkflow?: { workflowId: string; status: string };
  jobWorkflowsCancelled: string[];
  jobWorkflowsStillOpen: string[];
  schedulerJobsCancelled: string[];
  schedulerErrors: string[];
  attemptsMarked: number;
  activeJobsMarked: number;
  readyJobsMarked: number;
}

export class CampaignStillRunningError extends Error {
  override readonly name = 'CampaignStillRunningError';
}

/**
 * What `temporal workflow terminate` of a campaign leaves behind (terminate runs no code): its job
 * workflows keep running and their scheduler jobs with them. Cancels those workflows (each cancels
 * its own scheduler job), waits for them, then cancels in the scheduler whatever attempt Postgres
 * still calls active and marks the leftovers cancelled. Refuses a campaign that is still running.
 */
export async function cleanupCampaign(
  client: Client,
  pool: Pool,
  options: {
    campaignId: string;
    dataRoot: string;
    waitMs: number;
    /** This machine's worker host: local jobs pinned to it are in its own runner index. */
    workerHost?: string;
  },
): Promise<CleanupReport> {
  const campaignId = identifier.parse(options.campaignId);
  const report: CleanupReport = {
    jobWorkflowsCancelled: [],
    jobWorkflowsStillOpen: [],
    schedulerJobsCancelled: [],
    schedulerErrors: [],
    attemptsMarked: 0,
    activeJobsMarked: 0,
    readyJobsMarked: 0,
  };
  const jobs: { workflowId: string; runId: string }[] = [];
  for await (const execution of client.workflow.list({ query: `OrcastrateCampaign = "${campaignId}"` })) {
    if (execution.type === 'campaign') {
      const current = report.campaignWorkflow;
      if (!current || execution.status.name === 'RUNNING') {
        report.campaignWorkflow = { workflowId: execution.workflowId, status: execution.status.name };
      }
    } else if (execution.type === 'orcaJob' && execution.status.name === 'RUNNING') {
      jobs.push({ workflowId: execution.workflowId, runId: execution.runId });
    }
  }
  if (report.campaignWorkflow?.status === 'RUNNING') {
    throw new CampaignStillRunningError(
      `campaign ${campaignId} is still running (workflow ${report.campaignWorkflow.workflowId}): cancel it with ` +
        `\`temporal workflow cancel --workflow-id ${report.campaignWorkflow.workflowId}\`; cleanup is for terminated campaigns`,
    );
  }
  for (const job of jobs) {
    await client.workflow.getHandle(job.workflowId, job.runId).cancel();
    report.jobWorkflowsCancelled.push(job.workflowId);
  }
  report.jobWorkflowsStillOpen = await waitUntilClosed(client, jobs, options.waitMs);

  const adapters = new Map<SchedulerKind, SchedulerAdapter[]>();
  for (const attempt of await openAttempts(pool, campaignId)) {
    let forKind = adapters.get(attempt.scheduler);
    if (!forKind) {
      // a local job is in this host's index (pinned) or the shared one (not pinned); the other
      // ignores it. Local jobs of another host are that host's: its job workflows cancelled them.
      const localDirs = [localRunnerStateDir(options.dataRoot)];
      if (options.workerHost) localDirs.push(localRunnerStateDir(options.dataRoot, options.workerHost));
      forKind =
        attempt.scheduler === 'local'
          ? localDirs.map((stateDir) => createScheduler('local', { stateDir }))
          : [createScheduler(attempt.scheduler, {})];
      adapters.set(attempt.scheduler, forKind);
    }
    try {
      for (const adapter of forKind) {
        await adapter.cancel({ schedulerId: attempt.schedulerId, name: attempt.jobName });
      }
      report.schedulerJobsCancelled.push(`${attempt.scheduler} ${attempt.schedulerId} (${attempt.jobName})`);
    } catch (error) {
      report.schedulerErrors.push(`${attempt.jobName}: ${(error as Error).message}`);
    }
  }
  const marked = await markCampaignLeftoversCancelled(pool, campaignId);
  report.attemptsMarked = marked.attempts;
  report.activeJobsMarked = marked.activeJobs;
  report.readyJobsMarked = marked.readyJobs;
  return report;
}

async function waitUntilClosed(
  client: Client,
  workflows: { workflowId: string; runId: string }[],
  waitMs: number,
): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  let open = workflows;
  while (open.length > 0 && Date.now() < deadline) {
    const stillOpen: typeof open = [];
    for (const workflow of open) {
      const description = await client.workflow.getHandle(workflow.workflowId, workflow.runId).describe();
      if (description.status.name === 'RUNNING') stillOpen.push(workflow);
    }
    open = stillOpen;
    if (open.length) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return open.map((workflow) => workflow.workflowId);
}
