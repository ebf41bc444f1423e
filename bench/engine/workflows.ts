/**
 * Bench-only workflows for the engine's ceiling: `bareJob` walks JOB_SHAPE (./job-shape.ts) — the
 * activities, local activities, incoming signals, search-attribute upserts and outgoing signal of our
 * job workflow's happy path — with no-op activities: no scheduler, no Postgres, no files. The bench's
 * client starts bare jobs as independent workflows (no parent) and keeps a window of them in flight.
 * `bareSink` receives their outgoing signals, as a campaign receives its jobs' jobFinished signals.
 */
import {
  condition,
  continueAsNew,
  defineSignal,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { jobStatusKey } from '../../src/campaign/search-attributes';
import type { BareActivities } from './activities';
import { JOB_SHAPE } from './job-shape';

const remote = proxyActivities<BareActivities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<BareActivities>({ startToCloseTimeout: '1 minute' });

/** What the outside world sends a bare job (the hook's attemptReport, the poller's update). */
export const bareReportSignal = defineSignal<[]>('bareReport');
/** What a bare job sends its sink when it ends (our job's jobFinished). */
export const bareJobFinishedSignal = defineSignal<[]>('bareJobFinished');

const SIGNALS_PER_SINK_RUN = 2_000;

export async function bareJob(sinkWorkflowId: string): Promise<void> {
  let received = 0;
  let announced = 0;
  setHandler(bareReportSignal, () => void (received += 1));
  let upserts = 0;
  for (const step of JOB_SHAPE) {
    switch (step.kind) {
      case 'activity':
      case 'local-activity':
        await (step.kind === 'activity' ? remote : local).step(
          step.signalsAfter ?? 0,
          step.kind === 'activity' && step.signalsSink ? sinkWorkflowId : undefined,
        );
        announced += step.signalsAfter ?? 0;
        break;
      case 'await-signals':
        await condition(() => received >= announced);
        break;
      case 'upsert-search-attribute':
        upserts += 1;
        upsertSearchAttributes([{ key: jobStatusKey, value: `step-${upserts}` }]);
        break;
      case 'patch':
        patched(step.id);
        break;
      case 'signal-out':
        await getExternalWorkflowHandle(sinkWorkflowId).signal(bareJobFinishedSignal);
        break;
    }
  }
}

/** Takes the bare jobs' outgoing signals; a new run every 2,000 (Temporal allows 10,000 per run). */
export async function bareSink(): Promise<void> {
  let received = 0;
  setHandler(bareJobFinishedSignal, () => void (received += 1));
  await condition(() => received >= SIGNALS_PER_SINK_RUN);
  await continueAsNew<typeof bareSink>();
}
