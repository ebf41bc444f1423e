import { z } from 'zod';

/** Identifiers end up in workflow ids, job names and directory names: keep them boring. */
export const identifier = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'letters, digits, dot, underscore and dash; must start alphanumeric',
  );

/**
 * A job id: a structure's (an identifier), or a pipeline step's `<structure>/<step>`. Each part is an
 * identifier, so a job's directory `<campaign>/<structure>/<step>` can never leave the campaign's.
 */
export const jobIdentifier = z
  .string()
  .min(1)
  .max(129)
  .refine((value) => {
    const parts = value.split('/');
    return parts.length <= 2 && parts.every((part) => identifier.safeParse(part).success);
  }, 'an identifier, or two joined by "/" (<structure>/<step>); identifiers are letters, digits, dot, underscore and dash, starting alphanumeric');

/** Simple-input line(s), e.g. "! B3LYP def2-SVP OPT". */
export const orcaKeywords = z
  .string()
  .min(1)
  .regex(/^\s*!/, 'must start with "!" like an ORCA simple-input line')
  .refine((value) => !/[\r\n]/.test(value.trim()), 'must be a single line');

export const coresField = z.number().int().min(1).max(1024);
export const memoryMbField = z.number().int().min(100);
export const walltimeMinutesField = z
  .number()
  .positive()
  .max(60 * 24 * 30);

export const recoveryStrategy = z.enum(['fail-fast', 'retry', 'adaptive']);
export const maxAttemptsField = z.number().int().min(1).max(20);
