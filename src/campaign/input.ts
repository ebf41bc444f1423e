import { z } from 'zod';
import {
  coresField,
  identifier,
  maxAttemptsField,
  memoryMbField,
  orcaKeywords,
  recoveryStrategy,
  walltimeMinutesField,
} from './fields';
import { InputProblemsError, parseInputOrThrow } from './input-problems';
import { orcaBlocksText } from './orca-blocks';
import { checkStepGraph, runOrder, stepsSchema } from './steps';

export { identifier, jobIdentifier } from './fields';

const orcaFields = {
  /** Simple-input line(s), e.g. "! B3LYP def2-SVP OPT". */
  keywords: orcaKeywords,
  /** ORCA `%` blocks, e.g. "%scf MaxIter 300 end" (validated: see orca-blocks.ts). */
  blocks: orcaBlocksText.optional(),
  /** Full path of the ORCA executable (ORCA's MPI runs need the full path). */
  executable: z
    .string()
    .min(1)
    .refine((value) => value.startsWith('/'), 'must be an absolute path'),
  cores: coresField.default(1),
  memoryMb: memoryMbField.default(2000),
  walltimeMinutes: walltimeMinutesField.default(60),
};

/** The ORCA settings of one job (a job workflow's, an active-learning label's): keywords required. */
export const orcaSettingsSchema = z.strictObject(orcaFields);

/**
 * A campaign's ORCA settings: those of its one step, or with `steps` the settings the steps share
 * (executable) and their defaults (keywords, blocks, cores, memoryMb, walltimeMinutes). Keywords may be
 * left out when every step gives its own.
 */
const campaignOrcaSettingsSchema = z.strictObject({ ...orcaFields, keywords: orcaKeywords.optional() });

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
  strategy: recoveryStrategy.default('adaptive'),
  maxAttempts: maxAttemptsField.default(4),
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
  /** Columns of per-row ORCA keywords and `%` blocks (validated per row at ingest, like orca.*). */
  orcaKeywordsColumn: z.string().min(1).optional(),
  orcaBlocksColumn: z.string().min(1).optional(),
});

const campaignFieldsSchema = z.strictObject({
  /** Defaults to the campaign workflow's id. */
  campaignId: identifier.optional(),
  /** CSV to ingest (path readable by the workers); omit to attach to jobs already ingested. */
  csvPath: z.string().min(1).optional(),
  ingest: ingestSettingsSchema.prefault({}),
  orca: campaignOrcaSettingsSchema,
  /**
   * A pipeline per structure (e.g. opt → freq → sp), each step its own job; without it the campaign
   * runs one step, `orca`. Read a campaign's steps with resolveSteps (resolve-steps.ts).
   */
  steps: stepsSchema.optional(),
  scheduler: schedulerSettingsSchema.prefault({}),
  recovery: recoverySettingsSchema.prefault({}),
  maxInFlight: z.number().int().min(1).max(10_000).default(50),
  /**
   * Job workflows one workflow keeps in flight at most (Temporal allows 2,000 pending children per
   * workflow): a larger maxInFlight is split among shard workflows, each with its own rows and window.
   */
  maxInFlightPerWorkflow: z.number().int().min(1).max(1000).default(1000),
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

/**
 * The campaign input. Without `steps`, `orca.keywords` is required, as always. With `steps` it is the
 * default for steps without keywords, and may be left out when every step has its own; the parsed
 * settings then carry the first step's (in run order) as `orca.keywords`, so stored settings read back
 * the same and `orca` stays a job's ORCA settings. A pipeline's steps are read with resolveSteps.
 */
export const campaignInputSchema = campaignFieldsSchema
  .check(
    // Runs even when other fields are bad, so a missing keywords line is named with them.
    z.superRefine(
      (value: unknown, ctx) => {
        const { orca, steps } = (isRecord(value) ? value : {}) as { orca?: unknown; steps?: unknown };
        if (isRecord(orca) && orca.keywords === undefined && steps === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['orca', 'keywords'],
            message: 'required: the ORCA simple-input line, e.g. "! B3LYP def2-SVP OPT" (or give steps)',
          });
      },
      { when: () => true },
    ),
  )
  .superRefine((settings, ctx) => {
    if (!settings.steps) return;
    checkStepGraph(settings.steps, settings.orca.keywords !== undefined, (path, message) =>
      ctx.addIssue({ code: 'custom', path, message }),
    );
  })
  .transform((settings) => {
    const { keywords } = settings.orca;
    if (keywords !== undefined) return { ...settings, orca: { ...settings.orca, keywords } };
    const first = runOrder(settings.steps ?? [])[0];
    if (first?.keywords === undefined) throw new Error('steps were not validated: no keywords to run');
    return { ...settings, orca: { ...settings.orca, keywords: first.keywords } };
  });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Campaign input as JSON: `orca.keywords` may be left out when every step has its own. */
export type CampaignInputJson = z.input<typeof campaignInputSchema>;
/** Campaign input as typed code builds it: `orca.keywords` given (with steps: their default). */
export type CampaignInput = CampaignInputJson & { orca: { keywords: string } };
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
