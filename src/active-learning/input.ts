import { z } from 'zod';
import { InputProblemsError, parseInputOrThrow } from '../campaign/input-problems';
import {
  identifier,
  orcaSettingsSchema,
  recoverySettingsSchema,
  schedulerSettingsSchema,
} from '../campaign/input';

/**
 * Settings of an active-learning loop (validated in the workflow, so `temporal workflow start` input
 * gets the same checks as the CLI's). Pure: safe to import from workflow code.
 */
/** Loop ids name label campaigns (`<alId>.gen-<n>.label`), which must stay within the campaign id rule. */
export const activeLearningIdentifier = identifier.max(40);

export const engineConfigSchema = z.strictObject({
  /** argv of the engine (argv[0] an absolute path); the request file is appended. Omit for the built-in. */
  command: z
    .array(z.string().min(1))
    .min(1)
    .refine((argv) => argv[0]!.startsWith('/'), 'command[0] must be an absolute path')
    .optional(),
  /** `local`: run by the worker; `scheduler`: submitted as a job through the scheduler layer. */
  runner: z.enum(['local', 'scheduler']).default('local'),
  cores: z.number().int().min(1).max(1024).default(1),
  memoryMb: z.number().int().min(100).default(1000),
  walltimeMinutes: z
    .number()
    .positive()
    .max(60 * 24 * 30)
    .default(30),
  /** Passed to the engine verbatim in its request file. */
  options: z.record(z.string(), z.unknown()).default({}),
});

export const labelSettingsSchema = z.strictObject({
  orca: orcaSettingsSchema,
  scheduler: schedulerSettingsSchema.prefault({}),
  recovery: recoverySettingsSchema.prefault({}),
  maxInFlight: z.number().int().min(1).max(10_000).default(50),
  pollIntervalSeconds: z.number().min(0.2).max(3600).default(5),
  graceMinutes: z
    .number()
    .min(0)
    .max(24 * 60)
    .default(5),
});

export const activeLearningInputSchema = z.strictObject({
  /** Defaults to the workflow id; label campaigns are `<alId>.gen-<n>.label`. */
  alId: activeLearningIdentifier.optional(),
  maxGenerations: z.number().int().min(1).max(1000).default(5),
  /** A generation whose share of failed labelling jobs exceeds this stops the loop. */
  failureThreshold: z.number().min(0).max(1).default(0.5),
  seed: z.number().int().min(0).max(0xffffffff).default(42),
  label: labelSettingsSchema,
  engines: z
    .strictObject({
      generator: engineConfigSchema.prefault({}),
      trainer: engineConfigSchema.prefault({}),
      inference: engineConfigSchema.prefault({}),
      selector: engineConfigSchema.prefault({}),
    })
    .prefault({}),
  /** Scheduler for engines with runner `scheduler`; defaults to the labelling scheduler. */
  engineScheduler: schedulerSettingsSchema.optional(),
});

export type ActiveLearningInput = z.input<typeof activeLearningInputSchema>;
export type ActiveLearningSettings = z.output<typeof activeLearningInputSchema>;
export type EngineConfig = z.output<typeof engineConfigSchema>;

export class InvalidActiveLearningInputError extends InputProblemsError {
  override readonly name = 'InvalidActiveLearningInputError';
  constructor(problems: string[]) {
    super('active-learning', problems);
  }
}

export function parseActiveLearningInput(
  raw: unknown,
  options: { ignoreUnknownFields?: boolean } = {},
): ActiveLearningSettings {
  return parseInputOrThrow(
    activeLearningInputSchema,
    raw,
    options,
    (problems) => new InvalidActiveLearningInputError(problems),
  );
}

export const AL_PHASES = ['explore', 'label', 'train', 'infer', 'select', 'done'] as const;
export type AlPhase = (typeof AL_PHASES)[number];

/** What one finished generation produced; kept in workflow state and in Postgres (al_generations). */
export interface GenerationRecord {
  generation: number;
  labelCampaignId: string;
  labelTotal: number;
  labelled: number;
  labelFailed: number;
  failureReasons: Record<string, number>;
  datasetSize: number;
  holdoutSize: number;
  trainRmseEh: number | null;
  holdoutRmseEh: number | null;
  maxUncertaintyEh: number | null;
  meanUncertaintyEh: number | null;
  samples: number;
  selected: number;
}

export function labelCampaignId(alId: string, generation: number): string {
  return `${alId}.gen-${generation}.label`;
}

export function labelWorkflowId(alId: string, generation: number): string {
  return `${alId}/gen-${generation}/label`;
}
