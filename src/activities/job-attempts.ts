import { stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { ORCASTRATE_BIN } from '../paths';
import {
  attemptExists,
  cancelOpenAttempts,
  completedAttemptDir,
  finishJobAndDependants,
  jobInput,
  jobOverrides,
  lastAttemptNumber,
  markAttemptSubmitted,
  moveJobs,
  recordAttemptVerdict,
  recordPreparedAttempt,
  setJobAttempts,
  type JobInput,
  type JobOutcome,
  type StepPropagation,
} from '../db';
import { attemptDir, GEOMETRY_FILE, LAST_GEOMETRY_FILE } from '../jobs/attempt-layout';
import { startingGeometry } from '../jobs/displaced-geometry';
import { simulatorFaultComments } from '../jobs/simulator-faults';
import { finalGeometryOf } from '../jobs/step-geometry';
import { claimAttemptDirectory, type AttemptOwner } from '../jobs/attempt-owner';
import { memoryFailureLine, readTail } from '../jobs/memory-failure';
import { rowBlocks } from '../jobs/orca-block-merge';
import { attemptKeywordLine, renderOrcaInput } from '../jobs/orca-input';
import { orcaJobEnvironment } from '../jobs/orca-resources';
import { reportEnvironment } from '../jobs/report-environment';
import { ORCA_INPUT_FILE, ORCA_OUTPUT_FILE, verdictFor } from '../jobs/verdict';
import type {
  AttemptRef,
  AttemptVerdict,
  EvaluateAttemptInput,
  JobSettings,
  PrepareAttemptInput,
  PreparedAttempt,
  SubmittedAttempt,
} from '../jobs/types';
import { analyzeOrcaOutput } from '../orca/output-report';
import { readSellaStatus } from '../orca/job-directory';
import { withSellaStatus } from '../jobs/sella-convergence';
import { readFileBytes } from '../orca/byte-source';
import type { OrcaOutputReport } from '../orca/types';
import type { AttemptPlan } from '../recovery/plan';
import { ensureJobDir, jobName, type JobSpec, type SchedulerStatus } from '../schedulers';
import type { SchedulerRegistry } from './deps';
import { inheritEnvFor } from '../schedulers';

export interface AttemptTarget extends AttemptRef {
  settings: JobSettings;
  prepared: PreparedAttempt;
  schedulerId: string;
}

export function createJobAttemptActivities(pool: Pool, config: Config, schedulers: SchedulerRegistry) {
  const ref = (target: AttemptTarget) => ({ schedulerId: target.schedulerId, name: target.prepared.jobName });

  return {
    /** Where a (possibly restarted or reset) job resumes: attempt numbers never repeat. */
    async loadJobStart({ campaignId, jobId }: { campaignId: string; jobId: string }) {
      const last = await lastAttemptNumber(pool, campaignId, jobId);
      // An attempt that was prepared but never reached the scheduler would be resubmitted by the
      // idempotent submit anyway; starting after it keeps names unique and the history plain.
      return { nextAttempt: last + 1, overrides: await jobOverrides(pool, campaignId, jobId) };
    },

    async prepareAttempt(input: PrepareAttemptInput): Promise<PreparedAttempt> {
      const { campaignId, jobId, attempt, plan, settings } = input;
      const job = await jobInput(pool, campaignId, jobId);
      if (!job) {
        throw ApplicationFailure.create({
          type: 'UnknownJob',
          message: `job ${campaignId}/${jobId} does not exist in Postgres (ingest it first)`,
          nonRetryable: true,
        });
      }
      const relativeDir = attemptDir(campaignId, jobId, attempt);
      const jobDir = ensureJobDir(config.dataRoot, relativeDir);
      const known = await attemptExists(pool, { campaignId, jobId, attempt });
      claimAttemptDirectory(jobDir, currentWorkflowRun(input.reportWorkflowId), known);
      const firstGeometry = await stepStartGeometry(campaignId, jobId, job);
      const geometry = await startingGeometry(config.dataRoot, input, plan, firstGeometry);
      await writeFile(path.join(jobDir, GEOMETRY_FILE), geometry);
      const comments = simulatorFaultComments(job.extra.orcasim_fault, job.step);
      const keywords = job.orcaKeywords ?? settings.orca.keywords;
      await writeFile(
        path.join(jobDir, ORCA_INPUT_FILE),
        renderOrcaInput({
          keywords,
          blocks: rowBlocks(settings.orca.blocks, job.orcaBlocks),
          plan,
          charge: job.charge,
          multiplicity: job.multiplicity,
          xyzFile: GEOMETRY_FILE,
          comments,
        }),
      );
      const name = jobName({ campaign: campaignId, job: jobId, attempt });
      await recordPreparedAttempt(pool, {
        campaignId,
        jobId,
        attempt,
        jobName: name,
        jobDir,
        scheduler: settings.scheduler.kind,
        resources: plan,
        corrections: input.corrections,
      });
      await setJobAttempts(pool, campaignId, jobId, attempt);
      return {
        relativeDir,
        jobDir,
        jobName: name,
        outputPath: path.join(jobDir, ORCA_OUTPUT_FILE),
        keywordLine: attemptKeywordLine(keywords, plan),
      };
    },

    async submitAttempt(
      input: AttemptRef & {
        settings: JobSettings;
        plan: AttemptPlan;
        prepared: PreparedAttempt;
        reportWorkflowId?: string;
      },
    ): Promise<SubmittedAttempt> {
      const { campaignId, jobId, attempt, settings, plan, prepared } = input;
      const spec: JobSpec = {
        name: prepared.jobName,
        campaignRoot: config.dataRoot,
        workingDir: prepared.relativeDir,
        cores: plan.cores,
        memoryMb: plan.memoryMb,
        walltimeSeconds: Math.ceil(plan.walltimeMinutes * 60),
        queue: settings.scheduler.partition,
        account: settings.scheduler.account,
        env: { ...reportEnvironment(config), ...orcaJobEnvironment(plan.memoryMb, plan.cores) },
        inheritEnv: inheritEnvFor(settings.scheduler),
        localConcurrency: { group: campaignId, limit: settings.scheduler.localConcurrency },
        command: [settings.orca.executable, ORCA_INPUT_FILE],
        outputFile: ORCA_OUTPUT_FILE,
        attempt,
        report: {
          workflowId: input.reportWorkflowId ?? `${campaignId}/${jobId}`,
          orcastrateBin: ORCASTRATE_BIN,
        },
      };
      const result = await schedulers.get(settings.scheduler).submit(spec);
      await markAttemptSubmitted(pool, { campaignId, jobId, attempt }, result.schedulerId);
      await moveJobs(pool, campaignId, [jobId], 'submitted', ['ready', 'submitted', 'running']);
      return result;
    },

    async checkAttempt(target: AttemptTarget): Promise<SchedulerStatus> {
      const statuses = await schedulers.get(target.settings.scheduler).statusMany([ref(target)]);
      return statuses.get(target.schedulerId) ?? { state: 'unknown', raw: 'not reported' };
    },

    /** Milliseconds since the attempt's output last changed; null while there is no output yet. */
    async outputAgeMs(target: AttemptTarget): Promise<number | null> {
      try {
        return Math.max(0, Date.now() - (await stat(target.prepared.outputPath)).mtimeMs);
      } catch {
        return null;
      }
    },

    async cancelAttempt(target: AttemptTarget): Promise<void> {
      await schedulers.get(target.settings.scheduler).cancel(ref(target));
    },

    async evaluateAttempt(input: EvaluateAttemptInput): Promise<AttemptVerdict> {
      const { campaignId, jobId, attempt, prepared, end } = input;
      const report = await analyzeOutput(prepared.outputPath, input.staleHours);
      let verdict = withSellaStatus(verdictFor(end, report), await readSellaStatus(prepared.jobDir));
      if (verdict.status === 'failed' && report) {
        // ORCA reports memory exhaustion as a plain error termination; the recovery ladder needs to know.
        const memoryLine = memoryFailureLine(await readTail(prepared.outputPath));
        if (memoryLine) verdict = { ...verdict, reason: 'out-of-memory', detail: memoryLine };
      }
      await recordAttemptVerdict(
        pool,
        { campaignId, jobId, attempt },
        {
          status: verdict.status,
          reason: verdict.reason,
          verdict: { ...verdict, end, orca: report?.verdict ?? null },
          reported: end.kind === 'reported',
        },
      );
      return verdict;
    },

    /** The job's final row; pipeline steps that depend on it become ready or blocked with it. */
    async finishJob(input: JobOutcome): Promise<StepPropagation> {
      if (input.status === 'cancelled') {
        // a cancelled job never reaches evaluateAttempt: close its open attempt here
        await cancelOpenAttempts(pool, input.campaignId, input.reason, input.jobId);
      }
      return finishJobAndDependants(pool, input);
    },
  };

  /** The structure as ingested, or the final geometry of the step it starts from (`geometryFrom`). */
  async function stepStartGeometry(campaignId: string, jobId: string, job: JobInput): Promise<string> {
    if (!job.geometryFrom) return job.geometryXyz;
    const { step, jobId: sourceJob } = job.geometryFrom;
    const dir = await completedAttemptDir(pool, campaignId, sourceJob);
    const found = dir === undefined ? undefined : finalGeometryOf(dir);
    if (found) return found.xyz;
    throw ApplicationFailure.create({
      type: 'StepGeometryMissing',
      message:
        `job ${campaignId}/${jobId} starts from the final geometry of step "${step}", but ` +
        (dir === undefined
          ? `${sourceJob} has no completed attempt`
          : `${dir} holds neither ${LAST_GEOMETRY_FILE} nor coordinates in ${ORCA_OUTPUT_FILE}`),
      nonRetryable: true,
    });
  }
}

/** The job workflow run this activity works for (the owner of the attempt directory). */
export function currentWorkflowRun(fallbackWorkflowId: string): AttemptOwner {
  let execution: { workflowId: string; runId: string } | undefined;
  try {
    execution = Context.current().info.workflowExecution;
  } catch {
    execution = undefined;
  }
  return execution
    ? { workflowId: execution.workflowId, runId: execution.runId }
    : { workflowId: fallbackWorkflowId, runId: 'outside-a-workflow' };
}

async function analyzeOutput(outputPath: string, staleHours: number): Promise<OrcaOutputReport | undefined> {
  let mtime: Date;
  try {
    mtime = (await stat(outputPath)).mtime;
  } catch {
    return undefined;
  }
  return analyzeOrcaOutput(readFileBytes(outputPath), { mtime, staleHours });
}
