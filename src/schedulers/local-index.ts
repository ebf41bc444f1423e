import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { errorCode, readFileIfExists, writeFileAtomic } from './atomic-file';
import { assertValidInheritEnv } from './job-environment';
import type { SchedulerStatus } from './types';

/** What the runner knows about one job; written once when the job is queued. */
export interface LocalIndexEntry {
  name: string;
  /** `<job dir>/.orcastrate-local/<id>`: pid, start/end times and exit code live there. */
  stateDir: string;
  scriptPath: string;
  logPath: string;
  walltimeSeconds: number;
  /** Names only: the values are taken from the worker's environment when the job starts. */
  inheritEnv?: string[];
  concurrency?: { group: string; limit: number };
}

export type IndexRead =
  { kind: 'missing' } | { kind: 'corrupt'; reason: string } | { kind: 'ok'; entry: LocalIndexEntry };

/** Final status of a job that left `active/`, kept so it survives its job directory. */
export interface EndedRecord {
  /** Absent when the job's own index entry was unreadable. */
  name?: string;
  status: SchedulerStatus;
}

const LOCAL_JOB_ID = /^local-\d{14}-[0-9a-f]{8}$/;

export function isLocalJobId(id: string): boolean {
  return LOCAL_JOB_ID.test(id);
}

const DIRS = ['jobs', 'names', 'active', 'ended', 'wrappers'] as const;
type IndexDir = (typeof DIRS)[number];

/**
 * The local runner's own files: `jobs/<id>` (entry), `names/<name>` (id), `active/<id>` (queued or
 * running), `wrappers/<id>` (pid of the job's wrapper) and `ended/<id>` (final status).
 */
export class LocalIndex {
  constructor(readonly root: string) {
    for (const dir of DIRS) mkdirSync(path.join(root, dir), { recursive: true });
  }

  read(id: string): IndexRead {
    const file = this.file('jobs', id);
    let text: string | undefined;
    try {
      text = readFileIfExists(file);
    } catch (error) {
      return { kind: 'corrupt', reason: `cannot read the runner's entry ${file}: ${errorCode(error)}` };
    }
    if (text === undefined) return { kind: 'missing' };
    const entry = parseEntry(text);
    return entry
      ? { kind: 'ok', entry }
      : { kind: 'corrupt', reason: `the runner's entry ${file} is not a valid job record` };
  }

  write(id: string, entry: LocalIndexEntry): void {
    writeFileAtomic(this.file('jobs', id), `${JSON.stringify(entry)}\n`);
  }

  /** The id last queued under this name, if it is a well-formed one. */
  ownerOf(name: string): string | undefined {
    const id = readFileIfExists(this.file('names', name))?.trim();
    return id !== undefined && isLocalJobId(id) ? id : undefined;
  }

  setOwner(name: string, id: string): void {
    writeFileAtomic(this.file('names', name), `${id}\n`);
  }

  /** Active ids in queue order (ids start with a timestamp); stray files come back too, to be retired. */
  activeIds(): string[] {
    return readdirSync(path.join(this.root, 'active')).sort();
  }

  activate(id: string): void {
    writeFileAtomic(this.file('active', id), '');
  }

  retire(id: string): void {
    rmSync(this.file('active', id), { force: true });
    rmSync(this.file('wrappers', id), { force: true });
  }

  ended(id: string): EndedRecord | undefined {
    const text = readFileIfExists(this.file('ended', id));
    if (text === undefined) return undefined;
    try {
      const record = JSON.parse(text) as EndedRecord;
      if (typeof record.status?.state === 'string') return record;
    } catch {
      // fall through: the runner's own record is unreadable
    }
    return {
      status: {
        state: 'failed',
        lost: 'job-state-corrupt',
        reason: `the runner's record ${this.file('ended', id)} is not valid`,
        raw: 'lost: job-state-corrupt',
      },
    };
  }

  recordEnded(id: string, record: EndedRecord): void {
    writeFileAtomic(this.file('ended', id), `${JSON.stringify(record)}\n`);
  }

  recordWrapper(id: string, pid: number): void {
    writeFileAtomic(this.file('wrappers', id), `${pid}\n`);
  }

  wrapperPid(id: string): number | undefined {
    const pid = Number(readFileIfExists(this.file('wrappers', id))?.trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  }

  private file(dir: IndexDir, key: string): string {
    return path.join(this.root, dir, key);
  }
}

function parseEntry(text: string): LocalIndexEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Partial<LocalIndexEntry>;
  const paths = [entry.stateDir, entry.scriptPath, entry.logPath];
  if (typeof entry.name !== 'string' || !paths.every((p) => typeof p === 'string' && path.isAbsolute(p))) {
    return undefined;
  }
  if (!Number.isInteger(entry.walltimeSeconds) || (entry.walltimeSeconds ?? 0) < 1) return undefined;
  if (entry.inheritEnv !== undefined && !validInheritEnv(entry.inheritEnv)) return undefined;
  const claim = entry.concurrency;
  if (
    claim !== undefined &&
    !(
      typeof claim?.group === 'string' &&
      claim.group !== '' &&
      Number.isInteger(claim.limit) &&
      claim.limit > 0
    )
  ) {
    return undefined;
  }
  return entry as LocalIndexEntry;
}

function validInheritEnv(names: unknown): boolean {
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) return false;
  try {
    assertValidInheritEnv(names);
    return true;
  } catch {
    return false;
  }
}
