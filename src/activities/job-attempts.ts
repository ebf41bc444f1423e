import { stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { JobStatus } from '../campaign/statuses';
import type { Config } from '../config';
import { attemptDir, GEOMETRY_FILE, lastGeometry } from '../jobs/attempt-layout';
import { claimAttemptDirectory, type AttemptOwner } from '../jobs/attempt-owner';
import { memoryFailureLine, readTail } from '../jobs/memory-failure';
import { renderOrcaInput } from '../jobs/orca-input';
import { orcaJobEnvironment } from '../jobs/orca-resources';
import { reportEnvironment } from '../jobs/report-environment';
import { ORCA_INPUT_FILE, ORCA_OUTPUT_FILE, verdictFor } from '../jobs/verdict';
import type {
  AttemptRef,
  AttemptVerdict,
  EvaluateAttemptInput,
  JobMetrics,
  JobSettings,
  PrepareAttemptInput,
  PreparedAttempt,
  SubmittedAttempt,
} from '../jobs/types';
import { analyzeOrcaOutput } from '../orca/output-report';
import { readFileBytes } from '../orca/byte-source';
import type { OrcaOutputReport } from '../orca/types';
import type { AttemptPlan } from '../recovery/plan';
import { ensureJobDir, jobName, type JobSpec, type SchedulerStatus } from '../schedulers';
import type { SchedulerRegistry } from './deps';
import { inheritEnvFor } from '../schedulers';

const ORCASTRATE_BIN = path.resolve(__dirname, '../../bin/orcastrate');

interface AttemptTarget extends AttemptRef {
  settings: JobSettings;
  prepared: PreparedAttempt;
  schedulerId: string;
}

export function createJobAttemptActivities(pool: Pool, config: Config, schedulers: SchedulerRegistry) {
  const ref = (target: AttemptTarget) => ({ schedulerId: target.schedulerId, name: target.prepared.jobName });

  return {
    /** Where a (possibly restarted or reset) job resumes: attempt numbers never repeat. */
    async loadJobStart({ campaignId, jobId }: { campaignId: string; jobId: string }) {
      const { rows } = await pool.query<{ last: number | null }>(
        'SELECT max(attempt) AS last FROM attempts WHERE campaign_id = $1 AND job_id = $2',
        [campaignId, jobId],
      );
      const last = rows[0]?.last ?? 0;
      // An attempt that was prepared but never reached the scheduler would be resubmitted by the
      // idempotent submit anyway; starting after it keeps names unique and the history plain.
      return { nextAttempt: last + 1 };
    },

    async prepareAttempt(input: PrepareAttemptInput): Promise<PreparedAttempt> {
      const { campaignId, jobId, attempt, plan, settings } = input;
      const { rows } = await pool.query<{
        charge: number;
        multiplicity: number;
        geometry_xyz: string;
        extra: Record<string, string>;
      }>(
        'SELECT charge, multiplicity, geometry_xyz, extra FROM jobs WHERE campaign_id = $1 AND job_id = $2',
        [campaignId, jobId],
      );
      const job = rows[0];
      if (!job) {
        throw ApplicationFailure.create({
          type: 'UnknownJob',
          message: `job ${campaignId}/${jobId} does not exist in Postgres (ingest it first)`,
          nonRetryable: true,
        });
      }
      const relativeDir = attemptDir(campaignId, jobId, attempt);
      const jobDir = ensureJobDir(config.dataRoot, relativeDir);
      const known = await pool.query(
        'SELECT 1 FROM attempts WHERE campaign_id = $1 AND job_id = $2 AND attempt = $3',
        [campaignId, jobId, attempt],
      );
      claimAttemptDirectory(jobDir, currentWorkflowRun(input.reportWorkflowId), Boolean(known.rowCount));
      const geometry =
        (plan.restartFromLastGeometry && lastGeometry(config.dataRoot, campaignId, jobId, attempt)) ||
        job.geometry_xyz;
      await writeFile(path.join(jobDir, GEOMETRY_FILE), geometry);
      const comments = job.extra.orcasim_fault ? [`orcasim-fault: ${job.extra.orcasim_fault}`] : [];
      await writeFile(
        path.join(jobDir, ORCA_INPUT_FILE),
        renderOrcaInput({
          keywords: settings.orca.keywords,
          plan,
          charge: job.charge,
          multiplicity: job.multiplicity,
          xyzFile: GEOMETRY_FILE,
          comments,
        }),
      );
      const name = jobName({ campaign: campaignId, job: jobId, attempt });
      await pool.query(
        `INSERT INTO attempts (campaign_id, job_id, attempt, job_name, job_dir, scheduler, resources, corrections)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (campaign_id, job_id, attempt) DO UPDATE
           SET resources = EXCLUDED.resources, corrections = EXCLUDED.corrections`,
        [
          campaignId,
          jobId,
          attempt,
          name,
          jobDir,
          settings.scheduler.kind,
          JSON.stringify(plan),
          JSON.stringify(input.corrections),
        ],
      );
      await pool.query(
        'UPDATE jobs SET attempts = $3, updated_at = now() WHERE campaign_id = $1 AND job_id = $2',
        [campaignId, jobId, attempt],
      );
      return { relativeDir, jobDir, jobName: name, outputPath: path.join(jobDir, ORCA_OUTPUT_FILE) };
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
      await pool.query(
        `UPDATE attempts SET scheduler_id = $4, status = 'submitted', submitted_at = coalesce(submitted_at, now())
         WHERE campaign_id = $1 AND job_id = $2 AND attempt = $3 AND status = 'prepared'`,
        [campaignId, jobId, attempt, result.schedulerId],
      );
      await pool.query(
        `UPDATE jobs SET status = 'submitted', updated_at = now()
         WHERE campaign_id = $1 AND job_id = $2 AND status IN ('ready', 'submitted', 'running')`,
        [campaignId, jobId],
      );
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
      let verdict = verdictFor(end, report);
      if (verdict.status === 'failed' && report) {
        // ORCA reports memory exhaustion as a plain error termination; the recovery ladder needs to know.
        const memoryLine = memoryFailureLine(await readTail(prepared.outputPath));
        if (memoryLine) verdict = { ...verdict, reason: 'out-of-memory', detail: memoryLine };
      }
      await pool.query(
        `UPDATE attempts SET status = $4, reason = $5, verdict = $6, finished_at = coalesce(finished_at, now()),
                started_at = coalesce(started_at, submitted_at),
                reported_at = CASE WHEN $7 THEN coalesce(reported_at, now()) ELSE reported_at END
         WHERE campaign_id = $1 AND job_id = $2 AND attempt = $3`,
        [
          campaignId,
          jobId,
          attempt,
          verdict.status,
          verdict.reason,
          JSON.stringify({ ...verdict, end, orca: report?.verdict ?? null }),
          end.kind === 'reported',
        ],
      );
      return verdict;
    },

    async finishJob(input: {
      campaignId: string;
      jobId: string;
      status: JobStatus;
      reason: string;
      attempts: number;
      metrics?: JobMetrics;
    }): Promise<void> {
      const m = input.metrics;
      if (input.status === 'cancelled') {
        // a cancelled job never reaches evaluateAttempt: close its open attempt here
        await pool.query(
          `UPDATE attempts SET status = 'cancelled', reason = $3, finished_at = coalesce(finished_at, now())
           WHERE campaign_id = $1 AND job_id = $2 AND status IN ('prepared', 'submitted', 'running')`,
          [input.campaignId, input.jobId, input.reason],
        );
      }
      await pool.query(
        `UPDATE jobs SET status = $3, reason = $4, attempts = greatest(attempts, $5),
                final_energy_eh = $6, max_gradient_eh_bohr = $7, scf_cycles = $8, opt_cycles = $9, metrics = $10,
                fail_count = fail_count + CASE WHEN $3 IN ('failed', 'timeout') AND status <> $3 THEN 1 ELSE 0 END,
                finished_at = now(), updated_at = now()
         WHERE campaign_id = $1 AND job_id = $2`,
        [
          input.campaignId,
          input.jobId,
          input.status,
          input.status === 'completed' ? null : input.reason,
          input.attempts,
          m?.finalEnergyEh ?? null,
          m?.maxGradientEhBohr ?? null,
          m?.scfCycles ?? null,
          m?.optimizationCycles ?? null,
          m ? JSON.stringify(m) : null,
        ],
      );
    },
  };
}

/** The job workflow run this activity works for (the owner of the attempt directory). */
function currentWorkflowRun(fallbackWorkflowId: string): AttemptOwner {
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
