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
  /** The simple-input line the attempt runs (absent in attempts prepared before it was returned). */
  keywordLine?: string;
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
  /** What the output printed besides (src/jobs/job-properties.ts); absent when it printed none of it. */
  properties?: JobProperties;
}

export interface SellaConvergence {
  /** As written, e.g. CONVERGED, NOT_CONVERGED, FAILED. */
  status: string;
  converged: boolean;
  steps?: number;
  finalFmaxEvPerAngstrom?: number;
}

/** Frontier orbitals of one spin (eV, as printed). */
export interface SpinFrontier {
  homoEv?: number;
  lumoEv?: number;
  gapEv?: number;
}

/**
 * The chemistry a job's output printed, compact and JSON-friendly (it travels in the verdict and is
 * stored in jobs.properties). A field is absent when the output does not print it.
 */
export interface JobProperties {
  /** Vibrational frequencies: negative (imaginary) ones, their count, the lowest non-zero one. */
  imaginaryModes?: number;
  imaginaryFrequenciesCm1?: number[];
  lowestFrequencyCm1?: number;
  /** Thermochemistry at temperatureK: ZPE, H, T·S and G (Eh). */
  temperatureK?: number;
  zeroPointEnergyEh?: number;
  enthalpyEh?: number;
  entropyTermEh?: number;
  gibbsFreeEnergyEh?: number;
  /** Frontier orbitals over both spins; alpha and beta for unrestricted runs. */
  homoEv?: number;
  lumoEv?: number;
  homoLumoGapEv?: number;
  alpha?: SpinFrontier;
  beta?: SpinFrontier;
  /** Loewdin charges (and spin populations) per atom, in input order. */
  loewdinCharges?: number[];
  loewdinSpins?: number[];
  /** Mayer bond orders of at least mayerBondOrderMin: [atom, atom, order] (0-based atoms). */
  mayerBondOrderMin?: number;
  mayerBonds?: [number, number, number][];
  /** The last cartesian gradient: norm and RMS (Eh/Bohr). */
  gradientNormEhBohr?: number;
  gradientRmsEhBohr?: number;
  warnings?: number;
  warningMessages?: string[];
  /** Warnings of orcastrate's chemistry checks (e.g. `imaginary-modes: 2`), counted in `warnings`. */
  checkWarnings?: string[];
  /** Components of the last SCF energy (Eh). */
  nuclearRepulsionEh?: number;
  oneElectronEh?: number;
  twoElectronEh?: number;
  exchangeCorrelationEh?: number;
  dipoleDebye?: number;
  dipoleAu?: [number, number, number];
  /** A Sella-driven optimisation's convergence, from the driver's `sella_status.txt`. */
  sella?: SellaConvergence;
  /** The FINAL SINGLE POINT ENERGY of each frame (the last ones when there are very many). */
  energiesEh?: number[];
}

export interface EvaluateAttemptInput extends AttemptRef {
  prepared: PreparedAttempt;
  end: AttemptEnd;
  /** When no terminal marker is found and the output is older than this, the verdict is timeout. */
  staleHours: number;
}
