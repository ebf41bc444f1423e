import type { JobStatus } from '../campaign/statuses';
import { attemptsText, type JobEnd } from './outcome';
import type { JobSettings } from './types';

/**
 * The text a job workflow shows in the Temporal Web UI: its summary and details (user metadata set
 * when the campaign starts it) and the one-line current details it keeps up to date while it runs.
 */

const MAX_REASON_CHARS = 200;

/** Static summary, the title of the job's row in workflow lists: `row-000036 · campaign c`. */
export function jobWorkflowSummary(campaignId: string, jobId: string): string {
  return `${jobId} · campaign ${campaignId}`;
}

/** Static details (Markdown): what the job runs and how it is retried. */
export function jobWorkflowDetails(campaignId: string, jobId: string, settings: JobSettings): string {
  const { orca, scheduler, recovery } = settings;
  const cores = `${orca.cores} ${orca.cores === 1 ? 'core' : 'cores'}`;
  const where = [scheduler.kind, scheduler.partition, scheduler.account].filter(Boolean).join(' / ');
  return [
    `ORCA job **${jobId}** of campaign **${campaignId}**`,
    '',
    `- input: \`${orca.keywords.trim()}\``,
    `- resources: ${cores}, ${orca.memoryMb} MB, ${orca.walltimeMinutes} min walltime`,
    `- scheduler: ${where}`,
    `- recovery: ${recovery.strategy}, at most ${attemptsText(recovery.maxAttempts)}`,
  ].join('\n');
}

/** While an attempt is under way: `row-000036 · attempt 2 running`. */
export function attemptLine(jobId: string, attempt: number, status: JobStatus): string {
  return `${jobId} · attempt ${attempt} ${status}`;
}

/** Between attempts: `row-000036 · attempt 1 scf-not-converged, retrying`. */
export function retryLine(jobId: string, attempt: number, reason: string): string {
  return `${jobId} · attempt ${attempt} ${clipReason(reason)}, retrying`;
}

/** Once final: `row-000036 · failed: error-termination (GTOInt) · 1 attempt`. */
export function outcomeLine(end: JobEnd): string {
  const module = end.verdict?.reason === end.reason ? end.verdict.errorModule : undefined;
  const why = end.status === 'completed' ? '' : `: ${clipReason(end.reason)}${module ? ` (${module})` : ''}`;
  return `${end.jobId} · ${end.status}${why} · ${attemptsText(end.attempts)}`;
}

function clipReason(reason: string): string {
  return reason.length <= MAX_REASON_CHARS ? reason : `${reason.slice(0, MAX_REASON_CHARS - 1)}…`;
}
