import type { SchedulerState } from './types';

/** One job as squeue or sacct reports it. */
export interface SlurmRecord {
  id: string;
  name: string;
  /** First word of the state: sacct prints `CANCELLED by 0`. */
  state: string;
  reason?: string;
  exitCode?: number;
}

/** `squeue -O` field list, separated by `|`; `exit_code` is the raw wait status. */
export const SQUEUE_FIELDS = 'JobID:|,Name:|,State:|,Reason:|,exit_code:';
export const SACCT_FIELDS = 'JobID,JobName,State,ExitCode';

const STATE_MAP: Record<string, SchedulerState> = {
  PENDING: 'pending',
  CONFIGURING: 'pending',
  REQUEUED: 'pending',
  REQUEUE_HOLD: 'pending',
  REQUEUE_FED: 'pending',
  RESV_DEL_HOLD: 'pending',
  RUNNING: 'running',
  COMPLETING: 'running',
  SUSPENDED: 'running',
  STAGE_OUT: 'running',
  SIGNALING: 'running',
  RESIZING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  NODE_FAIL: 'failed',
  BOOT_FAIL: 'failed',
  OUT_OF_MEMORY: 'failed',
  SPECIAL_EXIT: 'failed',
  PREEMPTED: 'failed',
  CANCELLED: 'cancelled',
  REVOKED: 'cancelled',
  TIMEOUT: 'timeout',
  DEADLINE: 'timeout',
};

export function mapSlurmState(state: string): SchedulerState {
  return STATE_MAP[state] ?? 'unknown';
}

/** Exit codes mean something only for jobs that ended on their own (sacct says 0:0 for cancelled). */
export function exitCodeApplies(state: SchedulerState): boolean {
  return state === 'completed' || state === 'failed';
}

/** Parses `squeue --noheader -O <SQUEUE_FIELDS>`. */
export function parseSqueue(stdout: string): SlurmRecord[] {
  const records: SlurmRecord[] = [];
  for (const line of stdout.split('\n')) {
    const fields = line.trim().split('|');
    if (fields.length < 5) continue;
    const [id = '', name = '', state = '', reason = '', status = ''] = fields.map((field) => field.trim());
    if (!/^\d/.test(id)) continue;
    const waitStatus = Number.parseInt(status, 10);
    records.push({
      id,
      name,
      state: state.split(' ')[0] ?? '',
      reason: reason === 'None' || reason === '' ? undefined : reason,
      exitCode: Number.isNaN(waitStatus) ? undefined : exitCodeFromWaitStatus(waitStatus),
    });
  }
  return records;
}

/** Parses `sacct --parsable2 --noheader --format=<SACCT_FIELDS>`; job steps (`12.batch`) are skipped. */
export function parseSacct(stdout: string): SlurmRecord[] {
  const records: SlurmRecord[] = [];
  for (const line of stdout.split('\n')) {
    const fields = line.trim().split('|');
    if (fields.length < 4) continue;
    const [id = '', name = '', state = '', exit = ''] = fields;
    if (!/^\d+(_\d+)?$/.test(id)) continue;
    records.push({ id, name, state: state.split(' ')[0] ?? '', exitCode: exitCodeFromSacct(exit) });
  }
  return records;
}

/** waitpid(2) status: exit code in bits 8-15, or the terminating signal in the low 7 bits (128+sig). */
export function exitCodeFromWaitStatus(status: number): number {
  const signal = status & 0x7f;
  return signal !== 0 ? 128 + signal : (status >> 8) & 0xff;
}

/** sacct's `exit:signal`. */
export function exitCodeFromSacct(value: string): number | undefined {
  const match = /^(\d+):(\d+)$/.exec(value.trim());
  if (!match) return undefined;
  const signal = Number(match[2]);
  return signal !== 0 ? 128 + signal : Number(match[1]);
}
