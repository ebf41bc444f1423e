/**
 * Worker tuning from ORCASTRATE_WORKER_* variables: how many workflows stay cached, how many
 * workflow and activity tasks run at once (and how many pollers fetch them), how long a stopping
 * worker waits. Loaded before the Temporal SDK, so a bad value stops the worker at once.
 * Defaults suit one worker on a 2-core login node running thousands of job workflows; the README's
 * Configuration section explains each one.
 */
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { z } from 'zod';
import { ConfigError } from '../config';

export interface WorkerTuning {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTasks: number;
  workflowTaskPollers: number;
  maxConcurrentActivities: number;
  activityTaskPollers: number;
  shutdownGraceSeconds: number;
}

interface Setting {
  variable: string;
  default: number;
  min: number;
  max: number;
}

/** Variable, default and bounds of each setting. Bounds keep a typo (an extra 0) from reaching the SDK. */
export const TUNING_SETTINGS = {
  // ≈ 1 MB each (the SDK's own measure): 1000 is ≈ 1 GB, the running jobs of 20 default campaigns
  maxCachedWorkflows: {
    variable: 'ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS',
    default: 1000,
    min: 2,
    max: 20_000,
  },
  // one workflow thread: 20 hide the server's latency; the last one queued starts well within the 10 s timeout
  maxConcurrentWorkflowTasks: {
    variable: 'ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS',
    default: 20,
    min: 2,
    max: 1000,
  },
  workflowTaskPollers: { variable: 'ORCASTRATE_WORKER_WORKFLOW_TASK_POLLERS', default: 10, min: 2, max: 100 },
  // scheduler commands, files and Postgres (a pool of 10): 20 at once keeps a login node responsive
  maxConcurrentActivities: {
    variable: 'ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES',
    default: 20,
    min: 1,
    max: 1000,
  },
  activityTaskPollers: { variable: 'ORCASTRATE_WORKER_ACTIVITY_TASK_POLLERS', default: 5, min: 1, max: 100 },
  shutdownGraceSeconds: {
    variable: 'ORCASTRATE_WORKER_SHUTDOWN_GRACE_SECONDS',
    default: 10,
    min: 1,
    max: 3600,
  },
} as const satisfies Record<keyof WorkerTuning, Setting>;

type Key = keyof WorkerTuning;
const KEYS = Object.keys(TUNING_SETTINGS) as Key[];

/** A whole number in plain digits within [min, max]; each kind of mistake has its own reason. */
function wholeNumber({ min, max, default: example }: Setting) {
  return z.string().transform((raw, context) => {
    const text = raw.trim();
    const value = Number(text);
    let problem: string | undefined;
    if (!/^-?\d+$/.test(text)) {
      problem =
        Number.isFinite(value) && !Number.isInteger(value)
          ? 'not a whole number'
          : `not a number: expected a whole number in plain digits, e.g. ${example}`;
    } else if (value < min) problem = `must be at least ${min}`;
    else if (value > max) problem = `must be at most ${max}`;
    if (problem === undefined) return value;
    context.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  });
}

const tuningSchema = z.object(
  Object.fromEntries(
    KEYS.map((key) => [TUNING_SETTINGS[key].variable, wholeNumber(TUNING_SETTINGS[key]).optional()]),
  ),
);

type Environment = Record<string, string | undefined>;

/**
 * Reads the ORCASTRATE_WORKER_* variables (empty = unset). A poller count or a workflow-task limit
 * left unset never exceeds what it feeds; set explicitly above it, it is refused (the SDK would
 * quietly lower it). Throws ConfigError naming every bad variable.
 */
export function loadWorkerTuning(env: Environment = process.env): WorkerTuning {
  const relevant = Object.fromEntries(
    KEYS.map((key) => TUNING_SETTINGS[key].variable).map((variable) => [
      variable,
      blankToUndefined(env[variable]),
    ]),
  );
  const parsed = tuningSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        return `${variable}=${JSON.stringify(relevant[variable] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const given = (key: Key): number | undefined => parsed.data[TUNING_SETTINGS[key].variable];
  const problems: string[] = [];
  /** A count that feeds on `limit`: its default shrinks to fit, an explicit value above it is refused. */
  const within = (key: Key, limit: Key, ceiling: number, why: string): number => {
    const value = given(key);
    if (value === undefined) return Math.min(TUNING_SETTINGS[key].default, ceiling);
    if (value > ceiling) {
      const { variable } = TUNING_SETTINGS[key];
      problems.push(
        `${variable}=${JSON.stringify(relevant[variable] ?? '')}: more than ${TUNING_SETTINGS[limit].variable} (${ceiling}); ${why}`,
      );
    }
    return value;
  };
  const slotFree = 'a poller only fetches a task when a slot is free';
  const maxCachedWorkflows = given('maxCachedWorkflows') ?? TUNING_SETTINGS.maxCachedWorkflows.default;
  const maxConcurrentWorkflowTasks = within(
    'maxConcurrentWorkflowTasks',
    'maxCachedWorkflows',
    maxCachedWorkflows,
    'every workflow task in progress needs its workflow in the cache',
  );
  const maxConcurrentActivities =
    given('maxConcurrentActivities') ?? TUNING_SETTINGS.maxConcurrentActivities.default;
  const tuning: WorkerTuning = {
    maxCachedWorkflows,
    maxConcurrentWorkflowTasks,
    workflowTaskPollers: within(
      'workflowTaskPollers',
      'maxConcurrentWorkflowTasks',
      maxConcurrentWorkflowTasks,
      slotFree,
    ),
    maxConcurrentActivities,
    activityTaskPollers: within(
      'activityTaskPollers',
      'maxConcurrentActivities',
      maxConcurrentActivities,
      slotFree,
    ),
    shutdownGraceSeconds: given('shutdownGraceSeconds') ?? TUNING_SETTINGS.shutdownGraceSeconds.default,
  };
  if (problems.length) throw new ConfigError(problems);
  return tuning;
}

/** The SDK options for the tuning (fixed pollers: `maxConcurrent…TaskPolls` are ignored by SDK 1.24). */
export function workerTuningOptions(tuning: WorkerTuning): Partial<WorkerOptions> {
  return {
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTasks,
    workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.workflowTaskPollers },
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivities,
    activityTaskPollerBehavior: { type: 'simple-maximum', maximum: tuning.activityTaskPollers },
    shutdownGraceTime: tuning.shutdownGraceSeconds * 1000,
  };
}

/** The values the SDK compiled (not what was asked for): the worker's second start-up line. */
export function describeEffectiveTuning(options: Worker['options']): string {
  const slots = (supplier: { type: string; numSlots?: number }) =>
    supplier.type === 'fixed-size' ? String(supplier.numSlots) : supplier.type;
  const pollers = ({ type, maximum }: { type: string; maximum?: number }) =>
    type === 'simple-maximum' ? `${maximum} poller${maximum === 1 ? '' : 's'}` : `${type} pollers`;
  return [
    `max cached workflows ${options.maxCachedWorkflows}`,
    `workflow tasks ${slots(options.tuner.workflowTaskSlotSupplier)} at once (${pollers(options.workflowTaskPollerBehavior)})`,
    `activities ${slots(options.tuner.activityTaskSlotSupplier)} at once (${pollers(options.activityTaskPollerBehavior)})`,
    `shutdown grace ${options.shutdownGraceTimeMs / 1000} s`,
  ].join(', ');
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
