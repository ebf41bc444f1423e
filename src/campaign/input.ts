import { z } from 'zod';
import { InputProblemsError, parseInputOrThrow } from './input-problems';

/** Identifiers end up in workflow ids, job names and directory names: keep them boring. */
export const identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'letters, digits, dot, underscore and dash; must start alphanumeric',
  );

export const orcaSettingsSchema = z.strictObject({
  /** Simple-input line(s), e.g. "! B3LYP def2-SVP OPT". */
  keywords: z
    .string()
    .min(1)
    .regex(/^\s*!/, 'must start with "!" like an ORCA simple-input line')
    .refine((value) => !/[\r\n]/.test(value.trim()), 'must be a single line'),
  /** Full path of the ORCA executable (ORCA's MPI runs need the full path). */
  executable: z
    .string()
    .min(1)
    .refine((value) => value.startsWith('/'), 'must be an absolute path'),
  cores: z.number().int().min(1).max(1024).default(1),
  memoryMb: z.number().int().min(100).default(2000),
  walltimeMinutes: z
    .number()
    .positive()
    .max(60 * 24 * 30)
    .default(60),
});

/** An environment variable name a job may receive from the worker's environment. */
export const environmentVariableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*\*?$/,
    'must be an environment variable name (letters, digits, underscore), or a prefix ending in *',
  );

/** Partition and account names reach #SBATCH lines and scheduler flags: the job-spec rule, checked early. */
const schedulerToken = z
  .string()
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'letters, digits, dot, underscore and dash; must start alphanumeric',
  );

export const schedulerSettingsSchema = z.strictObject({
  kind: z.enum(['local', 'slurm', 'flux']).default('local'),
  partition: schedulerToken.optional(),
  account: schedulerToken.optional(),
  /** Local runner only: how many of this campaign's job scripts may run at once. */
  localConcurrency: z.number().int().min(1).max(256).default(2),
  /**
   * Worker environment variables a job receives (e.g. OMP_NUM_THREADS, LD_LIBRARY_PATH; `OMPI_*` for a
   * prefix). Jobs get
   * nothing else of the worker's environment beyond PATH, HOME, USER, LOGNAME, LANG and the
   * completion hook's own variables, so no credential of the worker reaches a job.
   */
  exportEnv: z.array(environmentVariableName).max(200).default([]),
  /** Also pass the module system's variables (MODULEPATH, MODULESHOME, LMOD_*, LOADEDMODULES, ...). */
  exportModuleEnv: z.boolean().default(false),
});

export const recoverySettingsSchema = z.strictObject({
  strategy: z.enum(['fail-fast', 'retry', 'adaptive']).default('adaptive'),
  maxAttempts: z.number().int().min(1).max(20).default(4),
});

/** Mirrors the ingest core's options (validated again, in full, by the ingest activity). */
export const ingestSettingsSchema = z.strictObject({
  preset: z.enum(['default', 'architector']).default('default'),
  geometryColumn: z.string().min(1).optional(),
  geometryFormat: z.enum(['auto', 'bare', 'xyz', 'mol2']).optional(),
  chargeColumn: z.string().min(1).optional(),
  spinColumn: z.string().min(1).optional(),
  /** `uhf`: the spin column holds unpaired electrons (multiplicity = uhf + 1); `multiplicity`: 2S+1. */
  spinKind: z.enum(['uhf', 'multiplicity']).optional(),
  keepColumns: z.array(z.string().min(1)).default([]),
});

export const campaignInputSchema = z.strictObject({
  /** Defaults to the campaign workflow's id. */
  campaignId: identifier.optional(),
  /** CSV to ingest (path readable by the workers); omit to attach to jobs already ingested. */
  csvPath: z.string().min(1).optional(),
  ingest: ingestSettingsSchema.prefault({}),
  orca: orcaSettingsSchema,
  scheduler: schedulerSettingsSchema.prefault({}),
  recovery: recoverySettingsSchema.prefault({}),
  maxInFlight: z.number().int().min(1).max(10_000).default(50),
  pollIntervalSeconds: z.number().min(0.2).max(3600).default(30),
  /** Added to the walltime before a job that the scheduler still calls running is declared timed out. */
  graceMinutes: z
    .number()
    .min(0)
    .max(24 * 60)
    .default(5),
  /** Off by default: a running job whose output has not changed for this long is cancelled as timed out. */
  staleOutputMinutes: z.number().positive().optional(),
  /** Continue-as-new after this many job completions in one run (keeps history small). */
  continueAsNewAfterJobs: z.number().int().min(1).default(500),
  /**
   * After this many jobs in a row whose submission the scheduler (or the job directory) refused
   * permanently, the campaign pauses itself instead of failing every remaining job the same way.
   */
  pauseAfterSubmitRejections: z.number().int().min(1).max(10_000).default(3),
  /**
   * Once every job is final the campaign is `settled`: it stays open this long for resets and
   * retries, then closes (0: close at once). A `close` signal or update closes it sooner. A campaign
   * started by another workflow (an active-learning loop's labelling) always closes at once.
   */
  closeAfterHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(168),
});

export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignSettings = z.output<typeof campaignInputSchema>;
export type OrcaSettings = z.output<typeof orcaSettingsSchema>;
export type SchedulerSettings = z.output<typeof schedulerSettingsSchema>;
export type RecoverySettings = z.output<typeof recoverySettingsSchema>;
export type IngestSettings = z.output<typeof ingestSettingsSchema>;

export class InvalidInputError extends InputProblemsError {
  override readonly name = 'InvalidInputError';
  constructor(problems: string[]) {
    super('campaign', problems);
  }
}

/**
 * Validates untrusted input (e.g. from `temporal workflow start --input`), naming every bad field.
 * `ignoreUnknownFields` is for campaigns started before unknown fields were refused.
 */
export function parseCampaignInput(
  raw: unknown,
  options: { ignoreUnknownFields?: boolean } = {},
): CampaignSettings {
  return parseInputOrThrow(campaignInputSchema, raw, options, (problems) => new InvalidInputError(problems));
}
