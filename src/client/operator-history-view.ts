import type { StoredOperatorAction } from '../db';

/** Limits of the one-line view of an action's arguments (the full value: `history --json`). */
const MAX_STRING_CHARS = 60;
const MAX_ITEMS = 10;
const MAX_KEYS = 20;
const MAX_DEPTH = 4;
const MAX_ARGUMENTS_CHARS = 240;

/**
 * Characters that would let stored text (identities, reasons, arguments: all caller-chosen) move the
 * cursor, break the line or reorder what a terminal shows.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `orcastrate history`: a heading, then one line per action, oldest first. */
export function renderOperatorHistory(
  campaignId: string,
  history: { total: number; actions: StoredOperatorAction[] },
): string {
  if (history.total === 0) return `campaign ${campaignId}: no operator actions recorded`;
  const shown = history.actions.length;
  const heading =
    shown < history.total
      ? `campaign ${campaignId}: the last ${shown} of ${history.total} operator actions (more with --limit)`
      : `campaign ${campaignId}: ${history.total} operator action${history.total === 1 ? '' : 's'}`;
  return [heading, ...history.actions.map(historyLine)].join('\n');
}

export function historyLine(action: StoredOperatorAction): string {
  const outcome = action.accepted ? 'accepted' : `refused: ${action.refusedBecause ?? 'no reason given'}`;
  const args =
    action.argumentsCutFromBytes === null
      ? compactArguments(action.arguments)
      : `(cut from ${action.argumentsCutFromBytes} bytes) ${shorten(String(action.arguments), MAX_ARGUMENTS_CHARS)}`;
  const cells = [
    formatTime(action.requestedAt),
    action.action.padEnd(14),
    action.via.padEnd(6),
    outcome,
    `jobs: ${action.jobsAffected ?? '-'}`,
    `by: ${action.identity ?? 'unknown'}`,
    `args: ${args}`,
  ];
  return printable(cells.join('  '));
}

/** The arguments as compact JSON, long strings, arrays and objects shortened; `-` for none. */
export function compactArguments(value: unknown): string {
  if (value === null || value === undefined) return '-';
  return shorten(JSON.stringify(shortened(value, 0)), MAX_ARGUMENTS_CHARS);
}

function shortened(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return shorten(value, MAX_STRING_CHARS);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((item) => shortened(item, depth + 1));
    return value.length > MAX_ITEMS ? [...kept, `… ${value.length - MAX_ITEMS} more`] : kept;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const kept = entries
    .slice(0, MAX_KEYS)
    .map(([key, inner]) => [shorten(key, MAX_STRING_CHARS), shortened(inner, depth + 1)]);
  if (entries.length > MAX_KEYS) kept.push(['…', `${entries.length - MAX_KEYS} more keys`]);
  return Object.fromEntries(kept);
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function formatTime(time: Date): string {
  return time
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
