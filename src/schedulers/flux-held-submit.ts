import { normalizeFluxId } from './flux-parse';

/**
 * Why Flux jobs are submitted held. A `flux batch` whose broker stops answering is killed by our timeout
 * (or orphaned by a dying worker), yet the request it already sent is still taken once the broker answers
 * again: the job appears after the retry's name lookup came back empty, and the retry submits a second
 * one (seen live: a frozen broker, a killed submitter, the job landing at the thaw). So every job enters
 * the queue held (urgency 0); the submitter then lists the name and releases exactly one of them, the
 * one already released if any, else the oldest, and cancels the other held ones, which never ran. A job
 * that lands after that decision stays held: it never runs beside the kept one.
 */
export const FLUX_HELD_FORMAT = '{id.dec}|{name}|{urgency}|{state}';

export interface FluxNamedJob {
  /** Decimal id. */
  id: string;
  /** 0: held. */
  urgency: number;
  state: string;
}

const PENDING = new Set(['NEW', 'DEPEND', 'PRIORITY', 'SCHED']);

/** The jobs of `flux jobs -o FLUX_HELD_FORMAT` under exactly this name, oldest first. */
export function parseNamedJobs(stdout: string, name: string): FluxNamedJob[] {
  const jobs: FluxNamedJob[] = [];
  for (const line of stdout.split('\n')) {
    const [rawId = '', jobName, urgency = '', state = ''] = line.trim().split('|');
    const id = normalizeFluxId(rawId);
    if (id === undefined || jobName !== name || !/^\d+$/.test(urgency)) continue;
    jobs.push({ id, urgency: Number(urgency), state });
  }
  return jobs.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

export interface HeldDecision {
  /** The job this submission is. */
  keep: string;
  /** Whether `keep` is still held and must be released. */
  release: boolean;
  /** Held jobs of the same name that never ran: to be cancelled. */
  cancel: string[];
}

/**
 * Which job under a name to keep: the oldest released one (urgency above 0, whatever its state), else the
 * oldest still held; when every one was cancelled while held, the newest (it says how the name ended).
 * `submitted` is the id `flux batch` just printed: the listing may not show it yet (the job list catches up
 * with the job manager shortly after), so it counts as a held job anyway.
 */
export function decideHeld(jobs: readonly FluxNamedJob[], submitted?: string): HeldDecision | undefined {
  const all = [...jobs];
  if (submitted !== undefined && !all.some((job) => job.id === submitted)) {
    all.push({ id: submitted, urgency: 0, state: 'SCHED' });
    all.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }
  const isHeld = (job: FluxNamedJob) => job.urgency === 0 && PENDING.has(job.state);
  const kept = all.find((job) => job.urgency > 0) ?? all.find(isHeld) ?? all.at(-1);
  if (!kept) return undefined;
  return {
    keep: kept.id,
    release: isHeld(kept),
    cancel: all.filter((job) => job !== kept && isHeld(job)).map((job) => job.id),
  };
}
