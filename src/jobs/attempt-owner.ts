import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../schedulers/atomic-file';

/** The job workflow run that prepares and submits an attempt directory. */
export interface AttemptOwner {
  workflowId: string;
  runId: string;
}

export const OWNER_FILE = '.orcastrate-owner.json';

/** Another workflow (or a forgotten earlier campaign) owns this attempt directory. */
export class AttemptDirectoryOwnedError extends Error {
  override readonly name = 'AttemptDirectoryOwnedError';
}

/**
 * Records `owner` in the attempt directory, or proves it is already the owner. A directory owned by
 * another workflow id is never written into. The same workflow id with another run may take over
 * only when Postgres already knows this attempt (`attemptKnown`): Temporal keeps one open run per
 * workflow id, so that is a later run (e.g. after `temporal workflow reset`) continuing the attempt.
 * An unknown attempt in an owned directory is a leftover of a campaign whose rows are gone: its old
 * submission marker would otherwise be mistaken for this attempt's.
 */
export function claimAttemptDirectory(jobDir: string, owner: AttemptOwner, attemptKnown: boolean): void {
  const file = path.join(jobDir, OWNER_FILE);
  const current = readOwner(file);
  if (current && current.workflowId === owner.workflowId && current.runId === owner.runId) return;
  if (current && current.workflowId !== owner.workflowId) {
    throw new AttemptDirectoryOwnedError(
      `attempt directory ${jobDir} belongs to workflow ${JSON.stringify(current.workflowId)}, ` +
        `not ${JSON.stringify(owner.workflowId)}: refusing to write into it`,
    );
  }
  if (current && !attemptKnown) {
    throw new AttemptDirectoryOwnedError(
      `attempt directory ${jobDir} is left over from run ${current.runId} of ${owner.workflowId}, ` +
        'which Postgres does not know: move it away (or delete it) to run this attempt again',
    );
  }
  const previousRuns = current ? [...(current.previousRuns ?? []), current.runId] : [];
  writeFileAtomic(
    file,
    `${JSON.stringify({ ...owner, previousRuns, claimedAt: new Date().toISOString() })}\n`,
  );
}

/** Whether this exact workflow run claimed the attempt directory (e.g. in an earlier try of its activity). */
export function isClaimedBy(jobDir: string, owner: AttemptOwner): boolean {
  const current = readOwner(path.join(jobDir, OWNER_FILE));
  return current?.workflowId === owner.workflowId && current.runId === owner.runId;
}

function readOwner(file: string): (AttemptOwner & { previousRuns?: string[] }) | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<AttemptOwner & { previousRuns: string[] }>;
    if (typeof parsed.workflowId === 'string' && typeof parsed.runId === 'string') {
      return { workflowId: parsed.workflowId, runId: parsed.runId, previousRuns: parsed.previousRuns };
    }
  } catch {
    // fall through: an unreadable owner file is treated as a foreign owner
  }
  return { workflowId: '(unreadable owner file)', runId: '' };
}
