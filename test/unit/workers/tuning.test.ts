import { ConfigError } from '../../../src/config';
import {
  loadWorkerTuning,
  TUNING_SETTINGS,
  workerTuningOptions,
  type WorkerTuning,
} from '../../../src/workers/tuning';

const DEFAULTS: WorkerTuning = {
  maxCachedWorkflows: 1000,
  maxConcurrentWorkflowTasks: 20,
  workflowTaskPollers: 10,
  maxConcurrentActivities: 20,
  activityTaskPollers: 5,
  shutdownGraceSeconds: 10,
};

describe('loadWorkerTuning', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadWorkerTuning({})).toEqual(DEFAULTS);
    expect(
      Object.fromEntries(Object.entries(TUNING_SETTINGS).map(([key, setting]) => [key, setting.default])),
    ).toEqual(DEFAULTS);
  });

  it('ignores unrelated variables and treats empty or blank values as unset', () => {
    expect(
      loadWorkerTuning({
        ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: '',
        ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: '   ',
        ORCASTRATE_WORKER_HOST: 'login1',
        ORCASTRATE_WORKER_MAX_THINGS: 'abc',
      }),
    ).toEqual(DEFAULTS);
  });

  it('reads every variable (surrounding blanks and leading zeros allowed)', () => {
    expect(
      loadWorkerTuning({
        ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: '5000',
        ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: ' 60 ',
        ORCASTRATE_WORKER_WORKFLOW_TASK_POLLERS: '30',
        ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: '050',
        ORCASTRATE_WORKER_ACTIVITY_TASK_POLLERS: '8',
        ORCASTRATE_WORKER_SHUTDOWN_GRACE_SECONDS: '85',
      }),
    ).toEqual({
      maxCachedWorkflows: 5000,
      maxConcurrentWorkflowTasks: 60,
      workflowTaskPollers: 30,
      maxConcurrentActivities: 50,
      activityTaskPollers: 8,
      shutdownGraceSeconds: 85,
    });
  });

  it('accepts each bound itself', () => {
    // the limits the pollers and workflow tasks feed on, at their largest
    const roomy = {
      ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: String(TUNING_SETTINGS.maxCachedWorkflows.max),
      ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: String(TUNING_SETTINGS.maxConcurrentWorkflowTasks.max),
      ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: String(TUNING_SETTINGS.maxConcurrentActivities.max),
    };
    for (const { variable, min, max } of Object.values(TUNING_SETTINGS)) {
      expect(loadWorkerTuning({ [variable]: String(min) })).toBeDefined();
      expect(loadWorkerTuning({ ...roomy, [variable]: String(max) })).toBeDefined();
    }
  });

  it('shrinks an unset poller count or workflow-task limit to what it feeds on', () => {
    expect(loadWorkerTuning({ ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: '1' })).toMatchObject({
      maxConcurrentActivities: 1,
      activityTaskPollers: 1,
    });
    expect(loadWorkerTuning({ ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4' })).toMatchObject({
      maxConcurrentWorkflowTasks: 4,
      workflowTaskPollers: 4,
    });
    expect(loadWorkerTuning({ ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: '6' })).toMatchObject({
      maxCachedWorkflows: 6,
      maxConcurrentWorkflowTasks: 6,
      workflowTaskPollers: 6,
    });
  });

  it('refuses explicit counts above what they feed on, naming both variables', () => {
    expect(() =>
      loadWorkerTuning({
        ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES: '4',
        ORCASTRATE_WORKER_ACTIVITY_TASK_POLLERS: '5',
      }),
    ).toThrow(
      'ORCASTRATE_WORKER_ACTIVITY_TASK_POLLERS="5": more than ORCASTRATE_WORKER_MAX_CONCURRENT_ACTIVITIES (4)',
    );
    expect(() => loadWorkerTuning({ ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: '10' })).not.toThrow();
    expect(() =>
      loadWorkerTuning({
        ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: '10',
        ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '11',
      }),
    ).toThrow(
      'ORCASTRATE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS="11": more than ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS (10); every workflow task in progress needs its workflow in the cache',
    );
  });

  it('reports every bad variable at once, as a ConfigError', () => {
    let caught: unknown;
    try {
      loadWorkerTuning({
        ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS: 'lots',
        ORCASTRATE_WORKER_SHUTDOWN_GRACE_SECONDS: '0',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems.map((p) => p.split('=')[0])).toEqual([
      'ORCASTRATE_WORKER_MAX_CACHED_WORKFLOWS',
      'ORCASTRATE_WORKER_SHUTDOWN_GRACE_SECONDS',
    ]);
  });
});

describe('workerTuningOptions', () => {
  it('maps the tuning onto the SDK options that version 1.24 reads (poller behaviours, not …TaskPolls)', () => {
    expect(workerTuningOptions(DEFAULTS)).toEqual({
      maxCachedWorkflows: 1000,
      maxConcurrentWorkflowTaskExecutions: 20,
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
      maxConcurrentActivityTaskExecutions: 20,
      activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 5 },
      shutdownGraceTime: 10_000,
    });
  });
});
