/**
 * The happy-path shape of our job workflow (src/workflows/job.ts), which the engine ceiling's bare job
 * copies step by step. THE one place to change when job.ts changes (e.g. its steps becoming local
 * activities under the patch 'job-local-steps'): the bench prints the event mix of a real job next to
 * the bare one's, so a shape that drifted shows in bench/RESULTS.md.
 */
export type JobStep =
  /** A (remote) activity; `signalsAfter`: signals the outside world sends the job once it returned. */
  /** `signalsSink`: the activity itself signals the sink (our concludeAttempt tells the campaign). */
  | { kind: 'activity'; name: string; signalsAfter?: number; signalsSink?: true }
  | { kind: 'local-activity'; name: string; signalsAfter?: number }
  /** Waits until every signal announced by the steps before has arrived. */
  | { kind: 'await-signals' }
  | { kind: 'upsert-search-attribute' }
  /** A `patched()` call taking effect: a marker and an upsert of TemporalChangeVersion. */
  | { kind: 'patch'; id: string }
  /** A signal to another workflow (our job tells its campaign it ended). */
  | { kind: 'signal-out' };

/**
 * orcaJob today (patch 'job-local-steps'), one attempt that succeeds: the patch, prepareAndSubmitAttempt
 * (then the status 'submitted' is shown, and the job script's completion hook signals attemptReport),
 * concludeAttempt (evaluates, records the verdict and the job's row, and signals the campaign itself),
 * the final status shown.
 */
export const JOB_SHAPE: readonly JobStep[] = [
  { kind: 'patch', id: 'job-local-steps' },
  { kind: 'activity', name: 'prepareAndSubmitAttempt', signalsAfter: 1 },
  { kind: 'upsert-search-attribute' },
  { kind: 'await-signals' },
  { kind: 'activity', name: 'concludeAttempt', signalsSink: true },
  { kind: 'upsert-search-attribute' },
];

/** One line describing a shape, e.g. "5 activities, 0 local, 1 signal in, 1 out, 2 upserts". */
export function describeShape(shape: readonly JobStep[]): string {
  const count = (kind: JobStep['kind']) => shape.filter((step) => step.kind === kind).length;
  const signalsIn = shape.reduce((n, step) => n + ('signalsAfter' in step ? (step.signalsAfter ?? 0) : 0), 0);
  return (
    `${count('activity')} activities, ${count('local-activity')} local activities, ${signalsIn} signals in, ` +
    `${count('signal-out') + shape.filter((step) => 'signalsSink' in step).length} out, ${count('upsert-search-attribute')} search-attribute upserts, ` +
    `${count('patch')} patches`
  );
}
