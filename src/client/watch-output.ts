import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { watchCampaign, type WatchOptions } from './campaign-watch';
import { formatWatchEvent, type ClosedEvent, type SettledEvent } from './watch-events';

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Prints a campaign's watch events (JSON lines, or readable lines) until it settles or closes, or
 * until Ctrl-C: then it stops between polls, closes nothing itself and returns undefined.
 */
export async function printCampaignWatch(
  deps: { client: Client; pool: Pool },
  id: string,
  options: Omit<WatchOptions, 'signal'> & { json: boolean },
): Promise<SettledEvent | ClosedEvent | undefined> {
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort();
  process.once('SIGINT', onInterrupt);
  try {
    for await (const event of watchCampaign(deps, id, { ...options, signal: interrupt.signal })) {
      process.stdout.write(`${options.json ? JSON.stringify(event) : formatWatchEvent(event)}\n`);
      if (event.type === 'settled' || event.type === 'closed') return event;
    }
    return undefined;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
