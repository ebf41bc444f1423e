import { z } from 'zod';
import { jobIdentifier, orcaSettingsSchema } from './input';
import { describeInputIssues } from './input-problems';

/** An ORCA input block an operator adds, e.g. "%scf MaxIter 500 end". %pal and %maxcore follow cores and memory. */
const orcaBlock = z
  .string()
  .min(1)
  .max(4000)
  .refine((value) => value.trim().startsWith('%'), 'must start with "%" like an ORCA input block')
  .refine((value) => !value.includes('\0'), 'must not contain NUL')
  .refine(
    (value) => !/^\s*%\s*(pal|maxcore)\b/i.test(value),
    '%pal and %maxcore follow cores and memoryMb: set those instead',
  );

/** What an operator may change for the next attempts of the jobs they reset. */
export const jobOverridesSchema = z.strictObject({
  // Not the campaign schema's walltime: its default would turn every override into a walltime change.
  walltimeMinutes: z
    .number()
    .positive()
    .max(60 * 24 * 30)
    .optional(),
  memoryMb: z.number().int().min(100).max(4_000_000).optional(),
  cores: z.number().int().min(1).max(1024).optional(),
  /** Replaces the campaign's simple-input line. */
  keywords: orcaSettingsSchema.shape.keywords.optional(),
  /** Added after the simple-input line. */
  blocks: z.array(orcaBlock).max(20).optional(),
});
export type JobOverrides = z.output<typeof jobOverridesSchema>;

/** Who asked, as the caller names itself (the CLI sends user@host); Temporal does not tell workflows. */
const requestedBy = z.string().min(1).max(200).optional();

export const resetFailedOptionsSchema = z.strictObject({
  includeTimeouts: z.boolean().optional(),
  /** Only reset jobs that have failed at most this many times. */
  maxFailCount: z.number().int().min(0).optional(),
  /** Only jobs whose reason is one of these (e.g. "scf-not-converged"). */
  reasons: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
  /** Only these jobs (each must be failed, or timed out with includeTimeouts). */
  jobIds: z.array(jobIdentifier).min(1).max(10_000).optional(),
  overrides: jobOverridesSchema.optional(),
  requestedBy,
});
export type ResetFailedOptions = z.output<typeof resetFailedOptionsSchema>;

export const retryJobsOptionsSchema = z.strictObject({
  /** Jobs to run again, whatever their final status (completed, failed, timeout, cancelled). */
  jobIds: z.array(jobIdentifier).min(1).max(10_000),
  overrides: jobOverridesSchema.optional(),
  requestedBy,
});
export type RetryJobsOptions = z.output<typeof retryJobsOptionsSchema>;

export const closeOptionsSchema = z.strictObject({ requestedBy });
export type CloseOptions = z.output<typeof closeOptionsSchema>;

/** The options as the schema reads them (absent = empty), or every bad field named. */
export function parseRequest<T>(
  schema: z.ZodType<T>,
  options: unknown,
): { options: T; problem?: undefined } | { problem: string } {
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return { options: parsed.data };
  return { problem: describeInputIssues(schema, parsed.error.issues).join('; ') };
}

/** Why the options are unusable (every bad field named), or undefined when they are fine. */
export function requestProblem(schema: z.ZodType, options: unknown): string | undefined {
  return parseRequest(schema, options).problem;
}
