/** What one throughput run (the ceiling's or our campaign's) measured; undefined = not applicable. */
export interface ThroughputResult {
  jobs: number;
  finished: number;
  seconds: number;
  jobsPerSecond: number;
  complete: boolean;
  /** Jobs/s over the run's second half (after the ramp-up). */
  secondHalfJobsPerSecond?: number;
  /** Peak RSS of the process hosting the worker: its own (ours, self-report) or the bench's. */
  peakRssMb: number;
  workerInOwnProcess?: boolean;
  /** Until the first min(window, jobs) job workflows had started. */
  firstWindowSeconds?: number;
  jobHistory?: number;
  /** The kinds of events in one job's history, e.g. "5 activities, 0 local, ...". */
  jobEventMix?: string;
  campaignRuns?: number;
  campaignEvents?: number;
  ingestRowsPerSecond?: number;
  postgresRowWritesPerSecond?: number;
  jobTransitionsPerSecond?: number;
  latency?: { jobs: number; p50Ms: number; p99Ms: number };
  /** The same latency split into its stages (latency-stages.ts), one line. */
  latencyStages?: string;
  hookCpuPerJobS?: number;
  /** CPU of the whole job process tree (wrapper, script, program, hook) per job, from /proc. */
  jobProcessCpuPerJobS?: number;
}
