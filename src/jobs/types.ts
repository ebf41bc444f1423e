import type { OrcaSettings, RecoverySettings, SchedulerSettings } from '../campaign/input';
import type { AttemptPlan, Correction } from '../recovery/plan';
import type { FinalSchedulerState, LostJobReason } from '../schedulers/types';

/** The settings a job workflow needs, copied from its campaign. */
export interface JobSettings {
  orca: OrcaSettings;
  scheduler: SchedulerSettings;
  recovery: RecoverySettings;
  graceMinutes: number;
  pollIntervalSeconds: number;
  /** A running job whose output has not changed for this long is cancelled as timed out. */
  staleOutputMinutes?: number;
}

export interface JobWorkflowInput {
  campaignId: string;
  jobId: string;
  /** Workflow id of the campaign to notify when the job is final (absent for stand-alone jobs). */
  campaignWorkflowId?: string;
  settings: JobSettings;
  /**
   * The task queue of the host whose local runner runs this job (its campaign's LocalHostPin): the
   * job's file and scheduler activities go there. Absent: everything runs on the shared queue.
   */
  hostTaskQueue?: string;
}

/** The host a campaign's local-runner jobs are pinned to, and the task queue only its workers poll. */
export interface LocalHostPin {
  host: string;
  taskQueue: string;
}

export interface AttemptRef {
  campaignId: string;
  jobId: string;
  attempt: number;
}

export interface PrepareAttemptInput extends AttemptRef {
  settings: JobSettings;
  plan: AttemptPlan;
  corrections: Correction[];
  /** Job workflow id that the job script's completion hook reports to. */
  reportWorkflowId: string;
}

export interface PreparedAttempt {
  /** Job directory relative to the data root (campaign root of the scheduler layer). */
  relativeDir: string;
  jobDir: string;
  jobName: string;
  outputPath: string;
}

export interface SubmittedAttempt {
  schedulerId: string;
  reused: boolean;
}

export type AttemptEnd =
  | { kind: 'reported'; exitCode: number }
  | {
      kind: 'scheduler';
      state: FinalSchedulerState | 'unknown';
      exitCode?: number;
      /** The job was lost (its directory or state files vanished or broke), not ended. */
      lost?: LostJobReason;
    }
  | { kind: 'walltime-exceeded' }
  | { kind: 'stale-output'; ageMinutes: number };

export interface AttemptVerdict {
  status: 'completed' | 'failed' | 'timeout' | 'cancelled';
  reason: string;
  detail?: string;
  /** The ORCA module an error termination names (e.g. GTOInt). */
  errorModule?: string;
  metrics?: JobMetrics;
}

export interface JobMetrics {
  orcaVersion?: string;
  finalEnergyEh?: number;
  energyEvaluations?: number;
  scfCycles?: number;
  optimizationCycles?: number;
  optimizationConverged?: boolean;
  maxGradientEhBohr?: number;
}

export interface EvaluateAttemptInput extends AttemptRef {
  prepared: PreparedAttempt;
  end: AttemptEnd;
  /** When no terminal marker is found and the output is older than this, the verdict is timeout. */
  staleHours: number;
}
