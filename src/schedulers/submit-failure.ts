import type { CommandResult } from './command-runner';
import { SchedulerUnreachableError, SubmitRejectedError } from './errors';

/**
 * Sorts a failed submission command (non-zero exit) into the two outcomes a caller acts on:
 * - `SchedulerUnreachableError`: nothing about the job was decided (controller down or overloaded,
 *   a count limit that clears as other jobs end, auth daemon down); retry later.
 * - `SubmitRejectedError`: the scheduler (or its CLI) judged this job and refused it; retrying the same
 *   request cannot succeed. `schedulerMessage` keeps the scheduler's own words.
 *
 * Unknown errors: a failure that carries the scheduler's own error report but matches no known
 * transient condition is a rejection. The campaign pauses after a few rejections in a row
 * (`pauseAfterSubmitRejections`), which a person sees and can undo, while treating an unknown
 * permanent refusal as transient would retry it silently forever. A failure with no message at all,
 * or a command killed by a signal, says nothing about the job and is treated as transient.
 */
export interface SubmitFailureRules {
  /** Name used in error messages, e.g. `sbatch`. */
  command: string;
  /** Conditions that say nothing about the job: retried. */
  transient: readonly RegExp[];
  /** Leading noise removed from each stderr line (`sbatch: error: `). */
  noise: readonly RegExp[];
  /** Whole lines that carry no meaning (usage hints). */
  ignoredLines: readonly RegExp[];
}

export function classifySubmitFailure(
  rules: SubmitFailureRules,
  result: CommandResult,
): SchedulerUnreachableError | SubmitRejectedError {
  const output = `${result.stderr}\n${result.stdout}`;
  const message = schedulerWords(rules, result.stderr.trim() ? result.stderr : result.stdout);
  const exit = result.exitCode ?? 'a signal';
  if (result.exitCode === null || message === '' || rules.transient.some((pattern) => pattern.test(output))) {
    return new SchedulerUnreachableError(
      `${rules.command} exited with ${exit}: ${message || 'no output'}`,
      result.stderr,
    );
  }
  return new SubmitRejectedError(message, result.exitCode, result.stderr);
}

/** The meaningful lines of the command's output, noise removed, joined with `; `. */
function schedulerWords(rules: SubmitFailureRules, text: string): string {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (line === '' || rules.ignoredLines.some((pattern) => pattern.test(line))) continue;
    for (const pattern of rules.noise) line = line.replace(pattern, '').trim();
    if (line !== '' && !lines.includes(line)) lines.push(line);
  }
  return lines.join('; ');
}

/**
 * sbatch. Real messages on the local SLURM 22.05 (no accounting): `--partition=nope` →
 * `sbatch: error: invalid partition specified: nope` + `sbatch: error: Batch job submission failed:
 * Invalid partition name specified` (exit 1); `--mem` above the node → `Memory specification can not be
 * satisfied` + `Requested node configuration is not available` (exit 1); an unknown option →
 * `sbatch: unrecognized option '--x'` (exit 255); controller unreachable → `Batch job submission
 * failed: Unable to contact slurm controller (connect failure)` (exit 1, after ~9 s of retries).
 * The memory refusal still leaves a FAILED (BadConstraints) record under the job's name. Without
 * accounting, `--account=nope` and `--qos=nope` are accepted and run, and `--ntasks` beyond the node
 * is accepted and stays PENDING (PartitionConfig): no submit error to classify.
 */
export const SBATCH_FAILURES: SubmitFailureRules = {
  command: 'sbatch',
  transient: [
    /Unable to contact slurm controller/i,
    /Socket timed out/i,
    /temporarily unable to accept job/i,
    /Resource temporarily unavailable/i,
    /Connection (refused|timed out|reset)/i,
    /Zero Bytes were transmitted or received/i,
    /Communication connection failure/i,
    /Transport endpoint is not connected/i,
    /Unable to establish controller machine/i,
    /(slurmctld|controller) (is )?(shutting down|not responding)/i,
    /Protocol authentication error|Munge (encode|decode) failed|munge\.socket/i,
    // Submit-count limits (QOSMaxSubmitJobPerUserLimit, AssocGrpSubmitJobsLimit...) clear as jobs end.
    /\w*Submit\w*Limit\b/,
  ],
  noise: [/^sbatch: (error|fatal): /i, /^sbatch: /i, /^Batch job submission failed: /i],
  ignoredLines: [/^Try "sbatch --help"/i],
};

/**
 * `flux batch`. Real messages on flux-core 0.88.0 (test/fixtures/flux/recorded/errors.json): its Python CLI
 * reports `flux-batch: ERROR: <message>`, e.g. `'nope' is not a valid queue` from the job manager's queue
 * check (others: `a named queue is required`, `job submission to <q> is disabled: <reason>`, an
 * administrator's temporary state, hence transient), `unsatisfiable request: need 64 slot(s) ...` from the
 * feasibility validator; argparse writes `flux batch: error: unrecognized arguments: --parsable` after a
 * usage line (exit 2). A broker that cannot be reached: `Unable to connect to Flux: broker socket ... was
 * not found` (socket gone) or `... Connection refused` (broker killed).
 */
export const FLUX_BATCH_FAILURES: SubmitFailureRules = {
  command: 'flux batch',
  transient: [
    /Unable to connect to Flux/i,
    /broker socket/i,
    /Connection (refused|timed out|reset)/i,
    /Resource temporarily unavailable/i,
    /timed out/i,
    /job submission (to \S+ )?is disabled/i,
  ],
  noise: [/^flux[- ]batch: (ERROR|error): /, /^flux[- ]batch: /, /^ERROR: /],
  ignoredLines: [/^usage: /i, /^\s*\[/],
};
