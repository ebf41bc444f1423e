import * as path from 'node:path';
import { InvalidJobSpecError } from './errors';
import { assertValidInheritEnv } from './job-environment';
import { assertValidJobName } from './job-name';
import { assertEnvName } from './shell-quote';
import type { JobSpec } from './types';

const QUEUE_OR_ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_GROUP_LENGTH = 200;

/** Refuses specs that must not reach a scheduler; everything it accepts renders safely. */
export function validateJobSpec(spec: JobSpec): void {
  assertValidJobName(spec.name);
  positiveInteger('cores', spec.cores);
  positiveInteger('memoryMb', spec.memoryMb);
  positiveInteger('walltimeSeconds', spec.walltimeSeconds);
  positiveInteger('attempt', spec.attempt);
  for (const [label, value] of [
    ['queue', spec.queue],
    ['account', spec.account],
  ] as const) {
    if (value !== undefined && !QUEUE_OR_ACCOUNT.test(value)) {
      throw new InvalidJobSpecError(
        `${label} ${JSON.stringify(value)} must match ${QUEUE_OR_ACCOUNT.source}`,
      );
    }
  }
  for (const name of Object.keys(spec.env ?? {})) assertEnvName(name);
  assertValidInheritEnv(spec.inheritEnv ?? []);
  if (spec.localConcurrency !== undefined) {
    const { group, limit } = spec.localConcurrency;
    if (typeof group !== 'string' || group.length === 0 || group.length > MAX_GROUP_LENGTH) {
      throw new InvalidJobSpecError(`localConcurrency.group must be 1 to ${MAX_GROUP_LENGTH} characters`);
    }
    positiveInteger('localConcurrency.limit', limit);
  }
  const program = spec.command[0];
  if (program === undefined || !path.isAbsolute(program)) {
    throw new InvalidJobSpecError(
      'command[0] must be the program as an absolute path (ORCA needs its full path)',
    );
  }
  if (
    spec.outputFile.length === 0 ||
    spec.outputFile.includes('/') ||
    spec.outputFile === '.' ||
    spec.outputFile === '..'
  ) {
    throw new InvalidJobSpecError(`outputFile ${JSON.stringify(spec.outputFile)} must be a plain file name`);
  }
  if (spec.scratchRoot !== undefined && !path.isAbsolute(spec.scratchRoot)) {
    throw new InvalidJobSpecError('scratchRoot must be an absolute path');
  }
  if (spec.report !== undefined && spec.report.workflowId.length === 0) {
    throw new InvalidJobSpecError('report.workflowId must not be empty');
  }
}

function positiveInteger(label: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidJobSpecError(`${label} must be a positive integer, got ${value}`);
  }
}

/** The job script written into the job directory. */
export function scriptFileName(name: string): string {
  return `orcastrate-${name}.sh`;
}

/** Where the scheduler writes the script's own stdout/stderr (not the program's output file). */
export function schedulerLogFileName(name: string): string {
  return `orcastrate-${name}.log`;
}
