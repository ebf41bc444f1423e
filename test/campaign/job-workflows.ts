import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { jobStatusKey } from '../../src/campaign/search-attributes';
import { readHarnessState } from '../harness/state';

const run = promisify(execFile);
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** How a workflow's result() ended: its value, or the failure it closed with. */
export async function settle(
  result: Promise<unknown>,
): Promise<{ value?: unknown; failure?: ApplicationFailure; cancelled?: boolean }> {
  try {
    return { value: await result };
  } catch (error) {
    if (error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure) {
      return { failure: error.cause };
    }
    if (error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure) {
      return { cancelled: true };
    }
    throw error;
  }
}

export async function historyOf(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  return (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

/**
 * OrcastrateJobStatus as the job workflow started with it, then every value it upserted, in order
 * (upserts of other attributes, e.g. the SDK's TemporalChangeVersion for patches, are left out).
 */
export function jobStatusTrail(events: HistoryEvent[]): (string | undefined)[] {
  const decode = (fields: Record<string, temporal.api.common.v1.IPayload> | null | undefined) => {
    const payload = fields?.[jobStatusKey.name];
    return payload ? defaultPayloadConverter.fromPayload<string>(payload) : undefined;
  };
  const started = events[0]?.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields;
  const upserted = events.flatMap((event) => {
    const fields = event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    return fields?.[jobStatusKey.name] ? [decode(fields)] : [];
  });
  return [decode(started), ...upserted];
}

/** The index of the first event of a type (-1 when absent). */
export function indexOfEvent(events: HistoryEvent[], type: temporal.api.enums.v1.EventType): number {
  return events.findIndex((event) => event.eventType === type);
}

/** The names of the activities a workflow scheduled (local activities are markers, not listed). */
export function scheduledActivities(events: HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

/** The index of the last ActivityTaskCompleted event (-1 when none). */
export function indexOfLastActivityCompleted(events: HistoryEvent[]): number {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.activityTaskCompletedEventAttributes) return i;
  return -1;
}

/** `temporal workflow list --query …` with the real CLI: the workflow ids it lists, sorted. */
export async function listedWorkflowIds(visibilityQuery: string, address?: string): Promise<string[]> {
  const { temporalCli, temporalAddress, temporalNamespace } = readHarnessState();
  const { stdout } = await run(
    temporalCli,
    [
      'workflow',
      'list',
      '--query',
      visibilityQuery,
      '--output',
      'json',
      '--address',
      address ?? temporalAddress,
      '--namespace',
      address ? 'default' : temporalNamespace,
    ],
    { timeout: 30_000 },
  );
  const listed = (JSON.parse(stdout || '[]') ?? []) as { execution: { workflowId: string } }[];
  return listed.map((entry) => entry.execution.workflowId).sort();
}

/** Every attemptReport signal in a job workflow's history: who sent it (identity) and what it said. */
export async function attemptReportsOf(
  client: Client,
  workflowId: string,
): Promise<{ identity: string; report: unknown }[]> {
  return (await historyOf(client, workflowId)).flatMap((event) => {
    const signal = event.workflowExecutionSignaledEventAttributes;
    if (signal?.signalName !== 'attemptReport') return [];
    const payload = signal.input?.payloads?.[0];
    return [
      {
        identity: signal.identity ?? '',
        report: payload ? defaultPayloadConverter.fromPayload(payload) : undefined,
      },
    ];
  });
}
