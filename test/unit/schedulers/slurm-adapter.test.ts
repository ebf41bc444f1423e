import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CommandRunner,
  SchedulerUnreachableError,
  SlurmAdapter,
  type JobRef,
  type JobSpec,
} from '../../../src/schedulers';
import { testJobSpec } from './helpers/test-jobs';

// Adapter behaviour that a healthy cluster cannot show (outages, id reuse), with stand-in commands.
// Real-SLURM behaviour is covered in test/slurm.
describe('SlurmAdapter with stand-in SLURM commands', () => {
  let root: string;
  let bin: string;

  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-slurm-unit-')));
    bin = path.join(root, 'bin');
    mkdirSync(bin);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function command(name: string, body: string): void {
    const file = path.join(bin, name);
    writeFileSync(file, `#!/bin/bash\necho "$*" >> '${root}/calls.log'\n${body}\n`);
    chmodSync(file, 0o755);
  }
  const callCount = (name: string) =>
    existsSync(path.join(root, 'calls.log'))
      ? readFileSync(path.join(root, 'calls.log'), 'utf8')
          .split('\n')
          .filter((line) => line.includes(name)).length
      : 0;

  const spec = (): JobSpec => testJobSpec(root, 'c', 'j');
  const refs = (count: number): JobRef[] =>
    Array.from({ length: count }, (_, index) => ({
      schedulerId: String(index + 1),
      name: `oc.c.j${index + 1}.a1`,
    }));

  const CONTROLLER_DOWN =
    'echo "squeue: error: slurm_load_jobs error: Unable to contact slurm controller (connect failure)" >&2; exit 1';

  it('reports every job unreachable when the controller is down, and never submits blind', async () => {
    command('squeue', CONTROLLER_DOWN);
    command('sbatch', 'echo 99');
    const slurm = new SlurmAdapter({ binDir: bin });
    const statuses = await slurm.statusMany(refs(3));
    expect([...statuses.values()].map((status) => status.state)).toEqual([
      'unreachable',
      'unreachable',
      'unreachable',
    ]);
    expect(statuses.get('1')?.reason).toMatch(/Unable to contact slurm controller/);
    await expect(slurm.findByName('oc.c.j.a1')).rejects.toThrow(SchedulerUnreachableError);
    await expect(slurm.submit(spec())).rejects.toThrow(SchedulerUnreachableError);
    expect(callCount('--parsable')).toBe(0);
  });

  it('reports unreachable when squeue hangs past the timeout or does not exist', async () => {
    command('squeue', 'sleep 10');
    const hanging = await new SlurmAdapter({ binDir: bin, timeoutMs: 300 }).statusMany(refs(2));
    expect(hanging.get('2')?.state).toBe('unreachable');
    expect(hanging.get('2')?.reason).toMatch(/timed out/);
    const missing = await new SlurmAdapter({ binDir: path.join(root, 'nothing') }).statusMany(refs(2));
    expect(missing.get('1')?.state).toBe('unreachable');
  });

  it('asks squeue once per chunk of job ids', async () => {
    // Answers every asked id as a pending job with the matching name.
    command(
      'squeue',
      'for a in "$@"; do case "$a" in --jobs=*) ids=${a#--jobs=};; esac; done\n' +
        'IFS=, read -ra list <<< "$ids"; for id in "${list[@]}"; do echo "$id|oc.c.j$id.a1|PENDING|Priority|0"; done',
    );
    const runner = new CommandRunner();
    const statuses = await new SlurmAdapter({ binDir: bin, runner, statusChunkSize: 64 }).statusMany(
      refs(200),
    );
    expect(runner.spawnCount).toBe(Math.ceil(200 / 64));
    expect(callCount('--jobs=')).toBe(4);
    expect([...statuses.values()].every((status) => status.state === 'pending')).toBe(true);
    expect(statuses.size).toBe(200);
  });

  it('does not take a reused id for our job: falls back to the completion log and matches the name', async () => {
    command('squeue', 'echo "7|oc.someone-else.a1|RUNNING|None|0"');
    command('sacct', 'echo "7|oc.c.j7.a1|FAILED|2:0"; echo "7|oc.someone-else.a1|RUNNING|0:0"');
    const statuses = await new SlurmAdapter({ binDir: bin, accounting: 'jobcomp' }).statusMany([
      { schedulerId: '7', name: 'oc.c.j7.a1' },
    ]);
    expect(statuses.get('7')).toMatchObject({ state: 'failed', exitCode: 2 });
    expect(callCount('--completion')).toBe(1);
  });

  it('falls back from slurmdbd to the completion log when accounting storage is disabled', async () => {
    command('squeue', 'echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1');
    command(
      'sacct',
      'case "$*" in *--completion*) echo "5|oc.c.j5.a1|COMPLETED|0:0";; ' +
        '*) echo "sacct: error: Slurm accounting storage is disabled" >&2; exit 1;; esac',
    );
    const slurm = new SlurmAdapter({ binDir: bin });
    const first = await slurm.statusMany([{ schedulerId: '5', name: 'oc.c.j5.a1' }]);
    expect(first.get('5')).toMatchObject({ state: 'completed', exitCode: 0 });
    await slurm.statusMany([{ schedulerId: '5', name: 'oc.c.j5.a1' }]);
    expect(callCount('--allocations')).toBe(1); // detection happens once
    expect(callCount('--completion')).toBe(2);
  });
});
