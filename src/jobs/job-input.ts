import { z } from 'zod';
import {
  identifier,
  jobIdentifier,
  orcaSettingsSchema,
  recoverySettingsSchema,
  schedulerSettingsSchema,
} from '../campaign/input';
import { parseInputWith } from '../campaign/input-problems';
import type { JobWorkflowInput } from './types';

/**
 * A job workflow's input. Campaigns build it, but `temporal workflow start --type orcaJob` can too,
 * so it is validated like campaign input. Pure: safe in workflow code.
 */
export const jobWorkflowInputSchema = z.strictObject({
  campaignId: identifier,
  jobId: jobIdentifier,
  campaignWorkflowId: z.string().min(1).max(1000).optional(),
  settings: z.strictObject({
    orca: orcaSettingsSchema,
    // prefault: job workflows started by older campaigns lack settings added since
    scheduler: schedulerSettingsSchema.prefault({}),
    recovery: recoverySettingsSchema.prefault({}),
    graceMinutes: z
      .number()
      .min(0)
      .max(24 * 60),
    pollIntervalSeconds: z.number().min(0.2).max(3600),
    staleOutputMinutes: z.number().positive().optional(),
  }),
  hostTaskQueue: z.string().min(1).max(1000).optional(),
});

/** The job workflow input, or the problems with it, one per field. */
export function parseJobWorkflowInput(
  raw: unknown,
  options: { ignoreUnknownFields?: boolean } = {},
): { ok: true; input: JobWorkflowInput } | { ok: false; problems: string[] } {
  const parsed = parseInputWith(jobWorkflowInputSchema, raw, options);
  return parsed.ok ? { ok: true, input: parsed.data } : parsed;
}
