import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from '@temporalio/worker';

import { createActivities } from '../../src/activities';
import { SchedulerRegistry } from '../../src/activities/deps';
import type { SchedulerSettings } from '../../src/campaign/input';
import { loadConfig, type Config } from '../../src/config';
import type { JobSpec, SchedulerAdapter } from '../../src/schedulers';
import { WorkerProcess } from '../../test/harness/processes';
import { samplePeakRss } from './measure';
import { WORKER_MAIN, WORKFLOW_BUNDLE } from './repo-paths';
import { childrenCpuSeconds } from './run-metrics';
import type { Stack } from './stack';

/** A scheduler registry whose adapters submit jobs WITHOUT the completion hook (poll-only path). */
class PollOnlyRegistry extends SchedulerRegistry {
  override get(settings: SchedulerSettings): SchedulerAdapter {
    const adapter = super.get(settings);
    return new Proxy(adapter, {
      get(target, property, receiver) {
        if (property === 'submit') {
          return (spec: JobSpec) => target.submit({ ...spec, report: undefined });
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}

/** What the bench reads of the worker that ran our campaign. */
export interface OurWorker {
  /**
   * Self-report: the real worker (`dist/workers/main.js`, default ORCASTRATE_WORKER_* tuning) in a
   * process of its own, as deployed. Poll-only: a worker inside the bench process (its adapters
   * submit without the hook, which the real worker cannot be told to do).
   */
  ownProcess: boolean;
  /** Peak RSS of the process hosting the worker, so far. */
  peakRssMb(): number;
  /** CPU seconds of the job processes the worker ran and waited for (cutime + cstime), so far. */
  jobProcessCpuSeconds(): number;
}

function procStatusKb(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]);
}

/** Runs `body` with a worker of our real workflows and activities (see OurWorker for where it runs). */
export async function withOurWorker<T>(
  stack: Stack,
  mode: 'self-report' | 'poll-only',
  body: (taskQueue: string, config: Config, worker: OurWorker) => Promise<T>,
  /** Extra environment of the own-process worker (e.g. MALLOC_ARENA_MAX), for the memory probe. */
  workerEnv: Record<string, string> = {},
): Promise<T> {
  const taskQueue = `bench-${mode}-${randomUUID().slice(0, 6)}`;
  const env = {
    TEMPORAL_ADDRESS: stack.server.address,
    DATABASE_URL: stack.databaseUrl,
    ORCASTRATE_TASK_QUEUE: taskQueue,
    ORCASTRATE_DATA_ROOT: path.join(stack.workDir, `data-${taskQueue}`),
  };
  const config = loadConfig(env);
  mkdirSync(config.dataRoot, { recursive: true });
  return mode === 'self-report'
    ? withWorkerProcess(stack, config, workerEnv, (worker) => body(taskQueue, config, worker))
    : withInProcessWorker(stack, config, (worker) => body(taskQueue, config, worker));
}

async function withWorkerProcess<T>(
  stack: Stack,
  config: Config,
  env: Record<string, string>,
  body: (worker: OurWorker) => Promise<T>,
): Promise<T> {
  const workerProcess = new WorkerProcess({
    temporalAddress: stack.server.address,
    databaseUrl: stack.databaseUrl,
    taskQueue: config.temporal.taskQueue,
    dataRoot: config.dataRoot,
    namespace: config.temporal.namespace,
    logFile: path.join(stack.workDir, `worker-${config.temporal.taskQueue}.log`),
    workerMain: WORKER_MAIN,
    env,
  });
  await workerProcess.start();
  const pid = workerProcess.pid!;
  // read while the process lives (the figures are gone with it): VmHWM is the kernel's own peak
  let peakKb = 0;
  let jobCpuS = 0;
  const read = () => {
    if (!workerProcess.running) return;
    peakKb = Math.max(peakKb, procStatusKb(pid, 'VmHWM'));
    jobCpuS = childrenCpuSeconds(pid);
  };
  try {
    return await body({
      ownProcess: true,
      peakRssMb: () => {
        read();
        return peakKb / 1024;
      },
      jobProcessCpuSeconds: () => {
        read();
        return jobCpuS;
      },
    });
  } finally {
    await workerProcess.stop();
  }
}

async function withInProcessWorker<T>(
  stack: Stack,
  config: Config,
  body: (worker: OurWorker) => Promise<T>,
): Promise<T> {
  const worker = await Worker.create({
    connection: stack.connection,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { codePath: WORKFLOW_BUNDLE },
    activities: createActivities({
      pool: stack.pool,
      config,
      client: stack.client,
      schedulers: new PollOnlyRegistry(config.dataRoot),
    }),
  });
  const rss = samplePeakRss();
  const cpuBefore = childrenCpuSeconds();
  const running = worker.run();
  try {
    return await body({
      ownProcess: false,
      peakRssMb: rss.peakMb,
      jobProcessCpuSeconds: () => childrenCpuSeconds() - cpuBefore,
    });
  } finally {
    rss.stop();
    worker.shutdown();
    await running;
  }
}
