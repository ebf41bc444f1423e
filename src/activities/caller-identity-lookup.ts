import { log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { describeError } from '../redact';
import { pickCallerIdentity, type IdentityHistoryEvent, type WantedCaller } from './caller-identity';

/** One page of a history read newest first. */
export interface HistoryPage {
  events: IdentityHistoryEvent[];
  /** Empty or absent on the last page. */
  nextPageToken?: Uint8Array | null;
}
export type ReadHistoryPage = (nextPageToken: Uint8Array | undefined) => Promise<HistoryPage>;

export interface LookupBounds {
  maxPages: number;
  /** For the whole lookup, all pages together. */
  timeoutMs: number;
}

// A caller's signal or update sits near the end of the history when its handler records it: a few
// pages are plenty, and an audit record must not wait on a long or slow history.
const DEFAULT_BOUNDS: LookupBounds = { maxPages: 5, timeoutMs: 10_000 };
const PAGE_SIZE = 200;

/**
 * Best effort: the identity of the caller, read from the history newest first within `bounds`; null
 * when it is not found there or the history cannot be read (never throws).
 */
export async function callerIdentityFromPages(
  readPage: ReadHistoryPage,
  wanted: WantedCaller,
  bounds: LookupBounds = DEFAULT_BOUNDS,
): Promise<string | null> {
  const events: IdentityHistoryEvent[] = [];
  let picked = { identity: null as string | null, certain: false };
  const deadline = Date.now() + bounds.timeoutMs;
  let token: Uint8Array | undefined;
  try {
    for (let page = 0; page < bounds.maxPages && !picked.certain; page += 1) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      const read = await withTimeout(readPage(token), left);
      events.push(...read.events);
      picked = pickCallerIdentity(events, wanted);
      if (!read.nextPageToken?.length) break;
      token = read.nextPageToken;
    }
  } catch (error) {
    warn(`cannot read the workflow history for the caller's identity: ${describeError(error)}`);
  }
  return picked.identity;
}

/** `callerIdentityFromPages` over a workflow run's history through the Temporal client. */
export function callerIdentityFromHistory(
  client: Client,
  execution: { workflowId: string; runId: string },
  wanted: WantedCaller,
): Promise<string | null> {
  // the gRPC deadline abandons a call that the lookup's own timeout gave up on
  const deadline = Date.now() + DEFAULT_BOUNDS.timeoutMs;
  const readPage: ReadHistoryPage = async (nextPageToken) => {
    const response = await client.withDeadline(deadline, () =>
      client.workflowService.getWorkflowExecutionHistoryReverse({
        namespace: client.options.namespace,
        execution,
        maximumPageSize: PAGE_SIZE,
        nextPageToken,
      }),
    );
    return { events: response.history?.events ?? [], nextPageToken: response.nextPageToken };
  };
  return callerIdentityFromPages(readPage, wanted);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function warn(message: string): void {
  try {
    log.warn(message);
  } catch {
    // outside an activity (a plain call) there is no activity logger
  }
}
