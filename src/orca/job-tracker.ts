import type { JobSummary } from './types';

const MAX_JOBS = 10_000;

interface JobState extends JobSummary {
  optimizationFailed: boolean;
}

function newJob(number: number): JobState {
  return {
    number,
    finalEnergyEh: null,
    energyEvaluations: 0,
    optimizationCycles: 0,
    optimizationConverged: false,
    optimizationFailed: false,
  };
}

/** The jobs of a multi-job ($new_job) output; markers count towards the job printed last. */
export class JobTracker {
  private readonly jobs: JobState[] = [newJob(1)];

  get current(): JobState {
    return this.jobs[this.jobs.length - 1] as JobState;
  }

  /** A "JOB NUMBER n" banner: later markers belong to job n (repeated banners are ignored). */
  startJob(number: number): void {
    if (number !== this.current.number && this.jobs.length < MAX_JOBS) this.jobs.push(newJob(number));
  }

  summaries(): JobSummary[] {
    return this.jobs.map(({ optimizationFailed: _failed, ...job }) => job);
  }

  /** Jobs in which an optimization ran and never reported convergence, or reported failing to. */
  withUnconvergedOptimization(): number {
    return this.jobs.filter(
      (job) => job.optimizationCycles > 0 && (!job.optimizationConverged || job.optimizationFailed),
    ).length;
  }
}
