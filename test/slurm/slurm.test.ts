import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { CommandRunner, SlurmAdapter, markerPath, type JobRef } from '../../src/schedulers';
import { runTsChild } from '../unit/schedulers/helpers/run-ts-child';
import {
  assertLocalSlurmRunning,
  hasEnded,
  newCampaign,
  shellJob,
  slurmIdsNamed,
  waitForState,
} from './helpers/local-slurm';

// Real jobs on the single-node cluster from `bash scripts/local-slurm.sh up`.
describe('SlurmAdapter on the local SLURM', () => {
  const { root, token } = newCampaign('adapter');
  const slurm = new SlurmAdapter();
  const leftovers: JobRef[] = [];
  const submitMs: number[] = [];

  beforeAll(() => assertLocalSlurmRunning());
  afterAll(async () => {
    const mean = submitMs.reduce((sum, ms) => sum + ms, 0) / Math.max(1, submitMs.length);
    console.log(`[measure] SlurmAdapter.submit (marker + name lookups + sbatch): ${mean.toFixed(0)} ms mean`);
    for (const ref of leftovers) await slurm.cancel(ref).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  async function submit(job: string, script: string): Promise<JobRef> {
    const spec = shellJob(root, token, job, script);
    const started = Date.now();
    const { schedulerId, reused } = await slurm.submit(spec);
    submitMs.push(Date.now() - started);
    expect(reused).toBe(false);
    const ref = { schedulerId, name: spec.name };
    leftovers.push(ref);
    return ref;
  }

  it('runs a job to completion with its output and log in the job directory', async () => {
    const ref = await submit('ok', 'echo "attempt $ORCASTRATE_ATTEMPT on $(hostname)"');
    const status = await waitForState(slurm, ref, hasEnded);
    expect(status).toMatchObject({ state: 'completed', exitCode: 0 });
    const jobDir = path.join(root, 'jobs', 'ok');
    expect(readFileSync(path.join(jobDir, 'job.out'), 'utf8')).toMatch(/^attempt 1 on /);
    await slurm.cancel(ref); // cancelling a finished job is not an error and changes nothing
    expect((await slurm.statusMany([ref])).get(ref.schedulerId)?.state).toBe('completed');
    expect(existsSync(path.join(jobDir, `orcastrate-${ref.name}.log`))).toBe(true);
    expect(JSON.parse(readFileSync(markerPath(jobDir, ref.name), 'utf8'))).toMatchObject({
      kind: 'slurm',
      schedulerId: ref.schedulerId,
    });
  });

  it('reports a non-zero exit as failed with its exit code', async () => {
    const ref = await submit('fails', 'exit 3');
    expect(await waitForState(slurm, ref, hasEnded)).toMatchObject({ state: 'failed', exitCode: 3 });
  });

  it('cancels a running job', async () => {
    const ref = await submit('cancel', 'sleep 300');
    await waitForState(slurm, ref, (status) => status.state === 'running');
    await slurm.cancel(ref);
    const status = await waitForState(slurm, ref, hasEnded);
    expect(status.state).toBe('cancelled');
    expect(status.exitCode).toBeUndefined();
  });

  it('finds jobs by name and submits each name once', async () => {
    const spec = shellJob(root, token, 'lookup', 'sleep 2');
    const first = await slurm.submit(spec);
    leftovers.push({ schedulerId: first.schedulerId, name: spec.name });
    expect(await slurm.findByName(spec.name)).toEqual([{ schedulerId: first.schedulerId, name: spec.name }]);
    expect(await slurm.findByName(`${spec.name}x`)).toEqual([]);
    // Marker gone (e.g. a fresh checkout of the job dir): the scheduler's memory still prevents a resubmit.
    rmSync(markerPath(path.join(root, 'jobs', 'lookup'), spec.name));
    expect(await new SlurmAdapter().submit(spec)).toEqual({ schedulerId: first.schedulerId, reused: true });
    expect(await slurm.submit(spec)).toEqual({ schedulerId: first.schedulerId, reused: true });
    expect(slurmIdsNamed(spec.name)).toEqual([first.schedulerId]);
  });

  it('a submitter SIGKILLed between sbatch and the marker leaves exactly one job after the retry', async () => {
    const spec = shellJob(root, token, 'crash', 'sleep 1');
    const child = await runTsChild(path.join(__dirname, 'helpers', 'submit-child.ts'), [
      JSON.stringify(spec),
    ]);
    expect(child.signal).toBe('SIGKILL');
    const acceptedId = child.stdout.trim();
    expect(acceptedId).toMatch(/^\d+$/);
    const jobDir = path.join(root, 'jobs', 'crash');
    expect(existsSync(markerPath(jobDir, spec.name))).toBe(false);

    const retry = await new SlurmAdapter().submit(spec);
    leftovers.push({ schedulerId: retry.schedulerId, name: spec.name });
    expect(retry).toEqual({ schedulerId: acceptedId, reused: true });
    expect(existsSync(markerPath(jobDir, spec.name))).toBe(true);
    expect(slurmIdsNamed(spec.name)).toEqual([acceptedId]);
  });

  it('polls 200 real jobs with one squeue call and measures it against per-job calls', async () => {
    const count = 200;
    const ids: string[] = [];
    const names: string[] = [];
    const sbatchStarted = Date.now();
    for (let index = 0; index < count; index += 1) {
      // Held jobs stay pending: a real 200-job queue that occupies no CPU.
      const name = `oc.${token}.held${index}.a1`;
      const out = execFileSync(
        'sbatch',
        ['--parsable', '--hold', `--job-name=${name}`, '--output=/dev/null', '--time=1', '--wrap=true'],
        { encoding: 'utf8' },
      );
      ids.push(out.trim().split(';')[0] ?? '');
      names.push(name);
    }
    const sbatchMs = (Date.now() - sbatchStarted) / count;
    const refs = ids.map((schedulerId, index) => ({ schedulerId, name: names[index] ?? '' }));
    try {
      const runner = new CommandRunner();
      const batched = new SlurmAdapter({ runner });
      const pollStarted = process.hrtime.bigint();
      const statuses = await batched.statusMany(refs);
      const batchedMs = Number(process.hrtime.bigint() - pollStarted) / 1e6;
      expect(runner.spawnCount).toBeLessThanOrEqual(Math.ceil(count / 250));
      expect(statuses.size).toBe(count);
      for (const ref of refs) {
        expect(statuses.get(ref.schedulerId)).toMatchObject({ state: 'pending', raw: 'PENDING|JobHeldUser' });
      }

      const perJobRunner = new CommandRunner();
      const perJob = new SlurmAdapter({ runner: perJobRunner });
      const perJobStarted = process.hrtime.bigint();
      for (const ref of refs) await perJob.statusMany([ref]);
      const perJobMs = Number(process.hrtime.bigint() - perJobStarted) / 1e6;
      expect(perJobRunner.spawnCount).toBe(count);

      console.log(
        `[measure] sbatch ${sbatchMs.toFixed(1)} ms/job; status of ${count} jobs: batched ${batchedMs.toFixed(0)} ms ` +
          `(${runner.spawnCount} command), per-job ${perJobMs.toFixed(0)} ms (${count} commands), ` +
          `ratio ${(perJobMs / batchedMs).toFixed(1)}x`,
      );
    } finally {
      execFileSync('scancel', ids);
    }
    const cancelled = await new SlurmAdapter().statusMany(refs);
    expect([...cancelled.values()].every((status) => status.state === 'cancelled')).toBe(true);
  });
});
