import type { SchedulerState } from './types';

export interface FluxRecord {
  /** Decimal job id. */
  id: string;
  name: string;
  state: string;
  result: string;
  returncode?: number;
  /** The job shell exited (flux prints a waitstatus): false for a job that never ran. */
  exited: boolean;
  exception: string;
}

/**
 * `flux jobs -o` format. `{id.dec}`: plain `{id}` prints F58, whose first letter depends on the locale.
 * `{waitstatus}` is empty for a job that never ran, whose `{returncode}` is then made up by Flux (1 for a
 * request refused at allocation, -128 for one cancelled while pending). The free-text exception note comes
 * last so a `|` inside it cannot shift the other fields.
 */
export const FLUX_JOBS_FORMAT =
  '{id.dec}|{name}|{state}|{result}|{returncode}|{waitstatus}|{exception.type}|{exception.note}';
const FLUX_JOBS_FIELDS = 8;

export function parseFluxJobs(stdout: string): FluxRecord[] {
  const records: FluxRecord[] = [];
  for (const line of stdout.split('\n')) {
    const fields = line.trim().split('|');
    if (fields.length < FLUX_JOBS_FIELDS) continue;
    const [rawId = '', name = '', state = '', result = '', returncode = '', waitstatus = '', type = ''] =
      fields;
    const id = normalizeFluxId(rawId);
    if (id === undefined) continue;
    const code = returncode === '' ? undefined : Number(returncode);
    const note = fields
      .slice(FLUX_JOBS_FIELDS - 1)
      .join('|')
      .trim();
    records.push({
      id,
      name,
      state,
      result,
      returncode: code === undefined || Number.isNaN(code) ? undefined : code,
      exited: waitstatus !== '',
      exception: [type, note].filter((part) => part.length > 0).join(': '),
    });
  }
  return records;
}

/** RFC 21 states; an INACTIVE job's result says how it ended. */
export function mapFluxState(state: string, result: string): SchedulerState {
  switch (state) {
    case 'NEW':
    case 'DEPEND':
    case 'PRIORITY':
    case 'SCHED':
      return 'pending';
    case 'RUN':
    case 'CLEANUP':
      return 'running';
    case 'INACTIVE':
      switch (result) {
        case 'COMPLETED':
          return 'completed';
        case 'FAILED':
          return 'failed';
        case 'CANCELED':
          return 'cancelled';
        case 'TIMEOUT':
          return 'timeout';
        default:
          return 'unknown';
      }
    default:
      return 'unknown';
  }
}

/** Flux returncode: the exit code, or minus the signal number; -128 means cancelled before start. */
export function exitCodeFromFluxReturncode(returncode: number): number | undefined {
  if (returncode === -128) return undefined;
  return returncode < 0 ? 128 - returncode : returncode;
}

const F58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * Any Flux job id spelling we may meet (decimal, `0x` hex, F58 with `ƒ` or ASCII `f` prefix: flux prints
 * `ƒ` in a UTF-8 locale, `f` under LC_ALL=C) as a decimal string, so ids from `flux batch` and `flux jobs`
 * compare equal. Undefined when not an id.
 */
export function normalizeFluxId(text: string): string | undefined {
  const value = text.trim();
  let id: bigint;
  if (/^\d+$/.test(value) || /^0x[0-9a-f]+$/i.test(value)) id = BigInt(value);
  else {
    const f58 = /^(?:ƒ|f)([1-9A-HJ-NP-Za-km-z]+)$/.exec(value);
    if (!f58?.[1]) return undefined;
    id = 0n;
    for (const char of f58[1]) id = id * 58n + BigInt(F58_ALPHABET.indexOf(char));
  }
  // Flux carries ids as JSON integers: a larger one cannot be a job, and `flux jobs` refuses its whole
  // command line for it (usage error), which would hide every other job asked in the same call.
  return id <= MAX_FLUX_ID ? id.toString() : undefined;
}

const MAX_FLUX_ID = 2n ** 63n - 1n;
