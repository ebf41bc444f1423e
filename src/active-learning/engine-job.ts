import * as path from 'node:path';
import type { SchedulerSettings } from '../campaign/input';
import {
  inheritEnvFor,
  jobName,
  TERMINAL_STATES,
  type JobRef,
  type JobSpec,
  type SchedulerAdapter,
  type SchedulerStatus,
} from '../schedulers';
import type { EngineRole } from './engine-contract';
import { EngineError } from './engine-errors';
import type { EngineConfig } from './input';
import { orcaJobEnvironment } from '../jobs/orca-resources';

/** Jobs submitted for one engine run before it counts as failed. */
const MAX_JOBS = 3;
/** Consecutive `unknown` answers after which a job is taken as gone. */
const MAX_UNKNOWN_POLLS = 30;

export interface EngineJob {
  alId: string;
  generation: number;
  role: EngineRole;
  engine: EngineConfig;
  scheduler: SchedulerSettings;
  adapter: SchedulerAdapter;
  /** The campaign root of the job; `dir` must lie inside it. */
  dataRoot: string;
  dir: string;
  argv: string[];
  pollMs?: number;
}

/**
 * Runs the engine as a job through the scheduler layer (a training job is an HPC job too); returns
 * the scheduler id of the job that succeeded. Job names are deterministic, so a rerun (e.g. after a
 * worker crash) finds and waits for the job submitted before instead of submitting another; only a
 * job that ended badly is followed by a new one.
 */
export async function runEngineJob(job: EngineJob): Promise<string> {
  const { alId, generation, role, engine, scheduler, adapter } = job;
  for (let attempt = 1; ; attempt++) {
    const name = jobName({ campaign: `al-${alId}`, job: `g${generation}-${role}`, attempt });
    let ref = (await adapter.findByName(name))[0];
    if (!ref) {
      const spec: JobSpec = {
        name,
        campaignRoot: job.dataRoot,
        workingDir: path.relative(job.dataRoot, job.dir),
        cores: engine.cores,
        memoryMb: engine.memoryMb,
        walltimeSeconds: Math.ceil(engine.walltimeMinutes * 60),
        queue: scheduler.partition,
        account: scheduler.account,
        // Engine jobs have always been given ORCASTRATE_MAXCORE_MB; kept so their environment is unchanged.
        env: orcaJobEnvironment(engine.memoryMb, engine.cores),
        command: job.argv,
        outputFile: `engine-${attempt}.out`,
        attempt,
        inheritEnv: inheritEnvFor(scheduler),
        localConcurrency: { group: `al-${alId}`, limit: scheduler.localConcurrency },
      };
      ref = { schedulerId: (await adapter.submit(spec)).schedulerId, name };
    }
    const status = await waitForEnd(adapter, ref, job.pollMs ?? 1000);
    if (status.state === 'completed' && (status.exitCode ?? 0) === 0) return ref.schedulerId;
    if (attempt >= MAX_JOBS) {
      throw new EngineError(
        'EngineFailed',
        `the ${role} job ${name} ended ${status.state} (exit ${status.exitCode ?? '?'}${status.reason ? `, ${status.reason}` : ''}); see ${job.dir}`,
      );
    }
  }
}

async function waitForEnd(adapter: SchedulerAdapter, ref: JobRef, pollMs: number): Promise<SchedulerStatus> {
  let unknown = 0;
  for (;;) {
    const current = (await adapter.statusMany([ref])).get(ref.schedulerId);
    if (current && TERMINAL_STATES.has(current.state)) return current;
    if (current?.state === 'unknown' && ++unknown > MAX_UNKNOWN_POLLS) return current;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
