/**
 * Dynamic configuration orcastrate wants of every Temporal server it starts: the dev server gets it
 * as `--dynamic-config-value` flags, the production server has the same keys in
 * deploy/temporal/config/dynamicconfig/orcastrate.yaml (a test checks they agree).
 *
 * matching.useNewMatcher: the task matcher that honours activity priority (off by default in server
 * 1.29). A job's end (its concludeAttempt) is then served ahead of new jobs' submissions queued on the
 * same task queue: under a full window that wait was most of completion -> Postgres (bench/RESULTS.md).
 * A server without it ignores priorities, and everything still works, in arrival order.
 */
export const SERVER_DYNAMIC_CONFIG: Readonly<Record<string, boolean>> = {
  'matching.useNewMatcher': true,
};

/** `--dynamic-config-value KEY=JSON` flags for `temporal server start-dev`; `overrides` win. */
export function devServerDynamicConfigFlags(
  overrides: Record<string, string | number | boolean> = {},
): string[] {
  return Object.entries({ ...SERVER_DYNAMIC_CONFIG, ...overrides }).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}
