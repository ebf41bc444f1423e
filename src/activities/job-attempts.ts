import { existsSync, readFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Pool } from 'pg';
import type { JobStatus } from '../campaign/statuses';
import type { Config } from '../config';
import { memoryFailureLine, readTail } from '../jobs/memory-failure';
import { renderOrcaInput } from '../jobs/orca-input';
import type {
  AttemptEnd,
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

export const ORCA_INPUT_FILE = 'job.inp';
export const ORCA_OUTPUT_FILE = 'job.out';
const GEOMETRY_FILE = 'input.xyz';
/** ORCA writes the last geometry of a run to <basename>.xyz next to its output. */
const LAST_GEOMETRY_FILE = 'job.xyz';
const ORCASTRATE_BIN = path.resolve(__dirname, '../../bin/orcastrate');

function attemptDir(campaignId: string, jobId: string, attempt: number): string {
  return path.join(campaignId, jobId, `attempt-${attempt}`);
}

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
      if (!job) throw new Error(`job ${campaignId}/${jobId} does not exist in Postgres`);
      const relativeDir = attemptDir(campaignId, jobId, attempt);
      const jobDir = ensureJobDir(config.dataRoot, relativeDir);
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
        env: reportEnvironment(config),
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

/** Variables the job script's completion hook needs to reach Temporal. */
function reportEnvironment(config: Config): Record<string, string> {
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: config.temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
  };
  const tls = config.temporal.tls;
  if (tls) {
    env.TEMPORAL_TLS = 'true';
    if (tls.caPath) env.TEMPORAL_TLS_CA = tls.caPath;
    if (tls.certPath) env.TEMPORAL_TLS_CERT = tls.certPath;
    if (tls.keyPath) env.TEMPORAL_TLS_KEY = tls.keyPath;
    if (tls.serverName) env.TEMPORAL_TLS_SERVER_NAME = tls.serverName;
  }
  return env;
}

function lastGeometry(
  dataRoot: string,
  campaignId: string,
  jobId: string,
  attempt: number,
): string | undefined {
  for (let previous = attempt - 1; previous >= 1; previous -= 1) {
    const file = path.join(dataRoot, attemptDir(campaignId, jobId, previous), LAST_GEOMETRY_FILE);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return undefined;
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

export function metricsOf(report: OrcaOutputReport): JobMetrics {
  const m = report.metrics;
  return {
    orcaVersion: m.orcaVersion ?? undefined,
    finalEnergyEh: m.finalEnergyEh ?? undefined,
    energyEvaluations: m.energyEvaluations,
    scfCycles: m.scfCycles,
    optimizationCycles: m.optimization.cycles,
    optimizationConverged: m.optimization.converged ?? undefined,
    maxGradientEhBohr: m.maxGradientEhBohr ?? undefined,
  };
}

/** Combines how the attempt ended (report, scheduler, our walltime timer) with what its output says. */
export function verdictFor(end: AttemptEnd, report: OrcaOutputReport | undefined): AttemptVerdict {
  const exitCode = end.kind === 'reported' || end.kind === 'scheduler' ? end.exitCode : undefined;
  const metrics = report ? metricsOf(report) : undefined;
  const orca = report?.verdict;
  if (orca?.status === 'completed') return { status: 'completed', reason: 'normal-termination', metrics };
  if (orca?.status === 'failed') {
    const detail = orca.errorModule ? `${orca.detail} (module ${orca.errorModule})` : orca.detail;
    return { status: 'failed', reason: orca.reason, detail, metrics };
  }
  // No terminal marker in the output: the process ended without ORCA finishing.
  if (end.kind === 'stale-output') {
    return {
      status: 'timeout',
      reason: 'stale-output',
      detail: `output unchanged for ${end.ageMinutes} min while the job was running; cancelled`,
      metrics,
    };
  }
  if (end.kind === 'walltime-exceeded' || (end.kind === 'scheduler' && end.state === 'timeout')) {
    return {
      status: 'timeout',
      reason: 'walltime-exceeded',
      detail: 'killed at the walltime limit',
      metrics,
    };
  }
  if (end.kind === 'scheduler' && end.state === 'cancelled') {
    return { status: 'cancelled', reason: 'cancelled-in-scheduler', metrics };
  }
  if (!report) {
    return {
      status: 'failed',
      reason: 'no-output',
      detail: `the job ended (exit code ${exitCode ?? 'unknown'}) without writing ${ORCA_OUTPUT_FILE}`,
    };
  }
  return {
    status: 'failed',
    reason: 'no-termination-marker',
    detail:
      `the job ended (exit code ${exitCode ?? 'unknown'}) but ORCA did not finish: ${orca?.detail ?? ''}`.trim(),
    metrics,
  };
}
