import { InvalidJobSpecError } from './errors';

/** Characters every scheduler accepts in a job name (commas split squeue --name, spaces break sacct). */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
const MAX_NAME_LENGTH = 200;
const MAX_PART_LENGTH = 60;

export interface JobNameParts {
  campaign: string;
  job: string;
  attempt: number;
}

/**
 * Deterministic scheduler job name `oc.<campaign>.<job>.a<attempt>`. Parts with other characters (or
 * too long) are reduced to allowed characters plus a hash of the original, so distinct inputs keep
 * distinct names. Pure: no Node imports, safe anywhere.
 */
export function jobName({ campaign, job, attempt }: JobNameParts): string {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new InvalidJobSpecError(`attempt must be a positive integer, got ${attempt}`);
  }
  return `oc.${namePart(campaign)}.${namePart(job)}.a${attempt}`;
}

export function isValidJobName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && NAME_PATTERN.test(name);
}

export function assertValidJobName(name: string): void {
  if (!isValidJobName(name)) {
    throw new InvalidJobSpecError(
      `job name ${JSON.stringify(name)} must match ${NAME_PATTERN.source} and be at most ${MAX_NAME_LENGTH} characters`,
    );
  }
}

function namePart(value: string): string {
  if (value.length === 0) throw new InvalidJobSpecError('job name parts must not be empty');
  // '.' separates the parts, so it is not kept inside one.
  if (/^[A-Za-z0-9_:@-]+$/.test(value) && value.length <= MAX_PART_LENGTH) return value;
  const readable = value.replace(/[^A-Za-z0-9_:@-]+/g, '-').slice(0, MAX_PART_LENGTH - 9);
  return `${readable}-${fnv1a32(value)}`;
}

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits. */
function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
