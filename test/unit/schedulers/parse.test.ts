import {
  exitCodeFromFluxReturncode,
  mapFluxState,
  normalizeFluxId,
  parseFluxJobs,
} from '../../../src/schedulers/flux-parse';
import {
  exitCodeFromSacct,
  mapSlurmState,
  parseSacct,
  parseSqueue,
} from '../../../src/schedulers/slurm-parse';

describe('SLURM output parsing', () => {
  it('reads squeue -O lines (raw wait status as exit code)', () => {
    const records = parseSqueue(
      [
        '3|oc.c.j.a1|FAILED|NonZeroExitCode|768',
        '4|sig|FAILED|JobLaunchFailure|9',
        '5|held|PENDING|JobHeldUser|0',
      ].join('\n'),
    );
    expect(records).toEqual([
      { id: '3', name: 'oc.c.j.a1', state: 'FAILED', reason: 'NonZeroExitCode', exitCode: 3 },
      { id: '4', name: 'sig', state: 'FAILED', reason: 'JobLaunchFailure', exitCode: 137 },
      { id: '5', name: 'held', state: 'PENDING', reason: 'JobHeldUser', exitCode: 0 },
    ]);
  });

  it('reads sacct lines, skipping steps and "by uid" suffixes', () => {
    const records = parseSacct(
      [
        '2|okjob|COMPLETED|0:0',
        '2.batch|batch|COMPLETED|0:0',
        '7|x|CANCELLED by 0|0:15',
        '8|y|FAILED|3:0',
      ].join('\n'),
    );
    expect(records.map((record) => [record.id, record.state, record.exitCode])).toEqual([
      ['2', 'COMPLETED', 0],
      ['7', 'CANCELLED', 143],
      ['8', 'FAILED', 3],
    ]);
    expect(exitCodeFromSacct('garbage')).toBeUndefined();
  });

  it.each([
    ['PENDING', 'pending'],
    ['RUNNING', 'running'],
    ['COMPLETING', 'running'],
    ['COMPLETED', 'completed'],
    ['FAILED', 'failed'],
    ['OUT_OF_MEMORY', 'failed'],
    ['NODE_FAIL', 'failed'],
    ['CANCELLED', 'cancelled'],
    ['TIMEOUT', 'timeout'],
    ['SOMETHING_NEW', 'unknown'],
  ])('maps SLURM %s to %s', (raw, state) => {
    expect(mapSlurmState(raw)).toBe(state);
  });
});

describe('Flux output parsing', () => {
  it('decodes F58 ids (both prefixes), hex and decimal to the same decimal id', () => {
    expect(normalizeFluxId('ƒ2')).toBe('1');
    expect(normalizeFluxId('fz')).toBe('57');
    expect(normalizeFluxId('ƒ21')).toBe('58');
    expect(normalizeFluxId('0x3a')).toBe('58');
    expect(normalizeFluxId('58')).toBe('58');
    expect(normalizeFluxId('ƒ0')).toBeUndefined();
    expect(normalizeFluxId('banana')).toBeUndefined();
  });

  it('refuses ids beyond what Flux can hold (flux jobs would refuse its whole command line)', () => {
    expect(normalizeFluxId('9223372036854775807')).toBe('9223372036854775807');
    expect(normalizeFluxId('9223372036854775808')).toBeUndefined();
    expect(normalizeFluxId('18446744073709551616')).toBeUndefined();
    expect(normalizeFluxId('ƒzzzzzzzzzzzzz')).toBeUndefined();
  });

  it('reads flux jobs lines, keeping a | inside the exception note', () => {
    const [record] = parseFluxJobs('1234|oc.c.j.a1|INACTIVE|FAILED|1|256|exec|task 0: a|b\n');
    expect(record).toEqual({
      id: '1234',
      name: 'oc.c.j.a1',
      state: 'INACTIVE',
      result: 'FAILED',
      returncode: 1,
      exited: true,
      exception: 'exec: task 0: a|b',
    });
  });

  it('knows a job that never ran by its empty waitstatus', () => {
    const [record] = parseFluxJobs(
      '34124857344|oc.c.j.a1|INACTIVE|FAILED|1||alloc|unsatisfiable request: need 1 node(s)\n',
    );
    expect(record).toMatchObject({ returncode: 1, exited: false });
    expect(record?.exception).toMatch(/^alloc: /);
  });

  it.each([
    ['DEPEND', '', 'pending'],
    ['PRIORITY', '', 'pending'],
    ['SCHED', '', 'pending'],
    ['RUN', '', 'running'],
    ['CLEANUP', '', 'running'],
    ['INACTIVE', 'COMPLETED', 'completed'],
    ['INACTIVE', 'FAILED', 'failed'],
    ['INACTIVE', 'CANCELED', 'cancelled'],
    ['INACTIVE', 'TIMEOUT', 'timeout'],
    ['WEIRD', '', 'unknown'],
  ])('maps Flux %s/%s to %s', (state, result, expected) => {
    expect(mapFluxState(state, result)).toBe(expected);
  });

  it('turns negative return codes into 128+signal and drops the cancelled-before-start code', () => {
    expect(exitCodeFromFluxReturncode(-9)).toBe(137);
    expect(exitCodeFromFluxReturncode(3)).toBe(3);
    expect(exitCodeFromFluxReturncode(-128)).toBeUndefined();
  });
});
