/** No-op activities for the bare workflows in ./workflows.ts (each resolves at once). */
const done = (): Promise<void> => Promise.resolve();

export const noopActivities = {
  readyJobs: done,
  campaignCounts: done,
  loadJobStart: done,
  prepareAttempt: done,
  submitAttempt: done,
  evaluateAttempt: done,
  finishJob: done,
};
export type NoopActivities = typeof noopActivities;
