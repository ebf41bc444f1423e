export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A run's cap: like sleep, but a cap not reached does not keep the process alive after the run. */
export const capAfter = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** This process's RSS, sampled every 200 ms until stop(); peakMb() is the most seen so far. */
export function samplePeakRss(): { peakMb: () => number; stop: () => void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  return {
    peakMb: () => Math.max(peak, process.memoryUsage().rss) / 1024 / 1024,
    stop: () => clearInterval(timer),
  };
}

/** Peak RSS of this process (it hosts the worker) while `during` runs. */
export async function withPeakRss<T>(during: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  const sampler = samplePeakRss();
  try {
    const value = await during();
    return { value, peakRssMb: sampler.peakMb() };
  } finally {
    sampler.stop();
  }
}

/**
 * Completions counted during a run, for its rate over the second half: without the ramp-up (the
 * ceiling starts its whole window at once, so its first completions come late; ours starts its jobs
 * one after another), which weighs most in a short capped run.
 */
export class Progress {
  private readonly samples: { atMs: number; finished: number }[] = [];

  constructor(private readonly beganMs: number) {}

  record(finished: number, atMs = Date.now()): void {
    this.samples.push({ atMs, finished });
  }

  /** Jobs/s from the first sample at or after half the run to its end. */
  secondHalfRate(finished: number, endMs = Date.now()): number | undefined {
    const middle = this.samples.find((s) => s.atMs >= (this.beganMs + endMs) / 2);
    if (!middle || endMs - middle.atMs < 1000) return undefined;
    return (finished - middle.finished) / ((endMs - middle.atMs) / 1000);
  }
}
