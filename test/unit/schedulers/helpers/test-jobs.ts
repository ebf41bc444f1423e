import {
  jobName,
  type JobRef,
  type JobSpec,
  type SchedulerAdapter,
  type SchedulerStatus,
} from '../../../../src/schedulers';

/** A small job `oc.<campaign>.<job>.a1` in `<root>/jobs/<job>` (1 core, 100 MB, 2 min), writing job.out. */
export function testJobSpec(
  root: string,
  campaign: string,
  job: string,
  overrides: Partial<JobSpec> = {},
): JobSpec {
  return {
    name: jobName({ campaign, job, attempt: 1 }),
    campaignRoot: root,
    workingDir: `jobs/${job}`,
    cores: 1,
    memoryMb: 100,
    walltimeSeconds: 120,
    command: ['/bin/true'],
    outputFile: 'job.out',
    attempt: 1,
    ...overrides,
  };
}

/** Asks the scheduler every `pollMs` until `accept` holds; fails naming the last status after `timeoutMs`. */
export async function waitForStatus(
  scheduler: Pick<SchedulerAdapter, 'statusMany'>,
  ref: JobRef,
  accept: (status: SchedulerStatus) => boolean,
  timeoutMs = 15_000,
  pollMs = 100,
): Promise<SchedulerStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await scheduler.statusMany([ref])).get(ref.schedulerId);
    if (status && accept(status)) return status;
    if (Date.now() > deadline) {
      throw new Error(`job ${ref.name} (${ref.schedulerId}) stuck at ${JSON.stringify(status)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
