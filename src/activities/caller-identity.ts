/**
 * Who sent a signal or update, picked out of workflow history events (pure). Temporal hands the
 * caller's identity to the history, not to workflow code, so the audit activity reads it there.
 */

interface RequestMeta {
  updateId?: string | null;
  identity?: string | null;
}

/** The parts of Temporal's HistoryEvent read here (a structural subset of its protobuf type). */
export interface IdentityHistoryEvent {
  activityTaskScheduledEventAttributes?: { activityId?: string | null } | null;
  workflowExecutionSignaledEventAttributes?: { signalName?: string | null; identity?: string | null } | null;
  workflowExecutionCancelRequestedEventAttributes?: { identity?: string | null } | null;
  workflowExecutionUpdateAcceptedEventAttributes?: {
    acceptedRequest?: { meta?: RequestMeta | null } | null;
  } | null;
  workflowExecutionUpdateAdmittedEventAttributes?: { request?: { meta?: RequestMeta | null } | null } | null;
}

export type WantedCaller =
  | { via: 'update'; updateId: string }
  | {
      via: 'signal';
      signalName: string;
      /** The recording activity's id in that run: the signal it records is older than its scheduling. */
      activityId?: string;
    };

export interface PickedIdentity {
  identity: string | null;
  /** false: older events (not read yet) could still change the answer. */
  certain: boolean;
}

/** `temporal workflow cancel` does what the cancel signal does: its request names the caller too. */
const CANCEL_SIGNAL = 'cancel';

/** Picks the caller's identity from events read newest first (as many pages as read so far). */
export function pickCallerIdentity(
  eventsNewestFirst: IdentityHistoryEvent[],
  wanted: WantedCaller,
): PickedIdentity {
  return wanted.via === 'update'
    ? pickUpdateCaller(eventsNewestFirst, wanted.updateId)
    : pickSignalCaller(eventsNewestFirst, wanted.signalName, wanted.activityId);
}

function pickUpdateCaller(events: IdentityHistoryEvent[], updateId: string): PickedIdentity {
  for (const event of events) {
    const meta =
      event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta ??
      event.workflowExecutionUpdateAdmittedEventAttributes?.request?.meta;
    if (meta?.updateId === updateId) return { identity: meta.identity || null, certain: true };
  }
  return { identity: null, certain: false };
}

function pickSignalCaller(
  events: IdentityHistoryEvent[],
  signalName: string,
  activityId: string | undefined,
): PickedIdentity {
  const anchor =
    activityId === undefined
      ? -1
      : events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityId === activityId);
  const from = anchor === -1 ? 0 : anchor + 1;
  for (let i = from; i < events.length; i += 1) {
    const event = events[i]!;
    const signaled = event.workflowExecutionSignaledEventAttributes;
    const cancelRequested = event.workflowExecutionCancelRequestedEventAttributes;
    const caller =
      signaled?.signalName === signalName
        ? signaled
        : signalName === CANCEL_SIGNAL
          ? cancelRequested
          : undefined;
    if (caller) {
      // without the activity's own scheduling event in sight, a newer signal of that name may be picked
      return { identity: caller.identity || null, certain: anchor !== -1 || activityId === undefined };
    }
  }
  return { identity: null, certain: false };
}
