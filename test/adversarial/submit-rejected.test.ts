import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  FluxAdapter,
  InvalidJobSpecError,
  SchedulerUnreachableError,
  SlurmAdapter,
  SubmitRejectedError,
  markerPath,
  shellQuote,
  type JobSpec,
} from '../../src/schedulers';
import {
  assertLocalFluxRunning,
  fluxIdsNamed,
  fluxShellJob,
  hasEnded,
  newFluxCampaign,
  useLocalFluxInThisProcess,
  waitForFluxState,
  type LocalFlux,
} from '../flux/helpers/local-flux';
import { assertLocalSlurmRunning, newCampaign, shellJob } from '../slurm/helpers/local-slurm';

/** The submission's outcome, whatever it is, so a test can say exactly what it expected. */
async function submitOutcome(submit: () => Promise<unknown>): Promise<unknown> {
  try {
    return { submitted: await submit() };
  } catch (error) {
    return error;
  }
}

describe('sbatch refusals on the local SLURM are permanent, in its own words', () => {
  const { root, token } = newCampaign('rejected');
  const slurm = new SlurmAdapter();
  beforeAll(() => assertLocalSlurmRunning());
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** States of every job SLURM holds under this name. */
  const statesNamed = (name: string) =>
    execFileSync('squeue', ['--noheader', '--states=all', `--name=${name}`, '--format=%T|%r'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);

  async function expectRejected(spec: JobSpec, words: RegExp[], records: string[] = []): Promise<void> {
    const error = await submitOutcome(() => slurm.submit(spec));
    expect(error).toBeInstanceOf(SubmitRejectedError);
    const { schedulerMessage, message } = error as SubmitRejectedError;
    for (const pattern of words) expect(schedulerMessage).toMatch(pattern);
    expect(schedulerMessage).not.toMatch(/sbatch: error:/);
    expect(message).toBe(`the scheduler rejected the job: ${schedulerMessage}`);
    expect(statesNamed(spec.name)).toEqual(records);
    expect(existsSync(markerPath(path.join(root, spec.workingDir), spec.name))).toBe(false);
  }

  it('a partition that does not exist', async () => {
    await expectRejected(shellJob(root, token, 'partition', 'true', { queue: 'nope' }), [
      /^invalid partition specified: nope; Invalid partition name specified$/,
    ]);
  });

  it('more memory than any node has (SLURM keeps a FAILED record of it, which never runs)', async () => {
    await expectRejected(
      shellJob(root, token, 'memory', 'true', { memoryMb: 99_999_999 }),
      [/^Memory specification can not be satisfied; Requested node configuration is not available$/],
      ['FAILED|BadConstraints'],
    );
  });

  it('a partition the job-spec check refuses never reaches sbatch', async () => {
    const error = await submitOutcome(() =>
      slurm.submit(shellJob(root, token, 'bad-queue', 'true', { queue: 'a,b' })),
    );
    expect(error).toBeInstanceOf(InvalidJobSpecError);
  });
});

describe('sbatch outages are transient', () => {
  const { root, token } = newCampaign('transient');
  const bin = path.join(root, 'bin');
  const submitted = path.join(root, 'sbatch-calls');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Stand-in SLURM: no job known by name, and an sbatch that fails the way an overloaded one does. */
  function standIn(sbatchBody: string): SlurmAdapter {
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin, { recursive: true });
    const write = (name: string, body: string) => {
      writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(path.join(bin, name), 0o755);
    };
    write('squeue', 'exit 0');
    write('sacct', 'exit 0');
    write('sbatch', `echo "$@" >> ${shellQuote(submitted)}\n${sbatchBody}`);
    return new SlurmAdapter({ binDir: bin, accounting: 'jobcomp', timeoutMs: 2_000 });
  }

  it.each([
    [
      'the controller cannot take jobs right now',
      'echo "sbatch: error: Slurm temporarily unable to accept job, sleeping and retrying" >&2\n' +
        'echo "sbatch: error: Batch job submission failed: Resource temporarily unavailable" >&2\nexit 1',
      /Slurm temporarily unable to accept job/,
    ],
    [
      'the controller does not answer',
      'echo "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation" >&2\nexit 1',
      /Socket timed out/,
    ],
    ['sbatch hangs', 'sleep 30', /timed out after 2000 ms/],
  ])('%s', async (_label, body, words) => {
    const slurm = standIn(body);
    const spec = shellJob(root, token, 'transient', 'true');
    const error = await submitOutcome(() => slurm.submit(spec));
    expect(error).toBeInstanceOf(SchedulerUnreachableError);
    expect(error).not.toBeInstanceOf(SubmitRejectedError);
    expect((error as Error).message).toMatch(words);
    expect(readFileSync(submitted, 'utf8')).toMatch(/--parsable/); // sbatch really ran
    expect(existsSync(markerPath(path.join(root, spec.workingDir), spec.name))).toBe(false);
  });
});

describe('flux batch refusals', () => {
  const { root, token } = newCampaign('flux-rejected');
  const fakeFlux = path.resolve(__dirname, '../fixtures/flux/flux');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('an invalid queue is permanent; an unreachable broker is transient', async () => {
    chmodSync(fakeFlux, 0o755);
    const state = path.join(root, 'fake-flux');
    const flux = (env: Record<string, string>) =>
      new FluxAdapter({ executable: fakeFlux, env: { FAKE_FLUX_STATE: state, ...env } });
    const spec = shellJob(root, token, 'queue', 'true', { queue: 'nope' });

    const rejected = await submitOutcome(() => flux({ FAKE_FLUX_QUEUES: 'batch,debug' }).submit(spec));
    expect(rejected).toBeInstanceOf(SubmitRejectedError);
    expect((rejected as SubmitRejectedError).schedulerMessage).toBe("'nope' is not a valid queue");

    const down = await submitOutcome(() => flux({ FAKE_FLUX_MODE: 'batch-down' }).submit(spec));
    expect(down).toBeInstanceOf(SchedulerUnreachableError);
    expect(down).not.toBeInstanceOf(SubmitRejectedError);
    expect((down as Error).message).toMatch(/Unable to connect to Flux/);

    const accepted = await flux({ FAKE_FLUX_QUEUES: 'batch,nope' }).submit(spec);
    expect(accepted.reused).toBe(false);
  });
});

describe('flux batch refusals on the local Flux are permanent, in its own words', () => {
  const { root, token } = newFluxCampaign('flux-rejected');
  let flux: LocalFlux;
  beforeAll(() => {
    flux = assertLocalFluxRunning();
    useLocalFluxInThisProcess(flux);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['a queue the instance does not have', { queue: 'nope' }, /^'nope' is not a valid queue$/],
    [
      'more cores than the instance has (its feasibility check)',
      { cores: 64 },
      /^unsatisfiable request: need 1 node\(s\) with 64 cores each, only 0 eligible$/,
    ],
  ])('%s', async (_label, extra: Partial<JobSpec>, words) => {
    const spec = fluxShellJob(root, token, `refused-${Object.keys(extra)[0]}`, 'true', extra);
    const error = await submitOutcome(() => new FluxAdapter().submit(spec));
    expect(error).toBeInstanceOf(SubmitRejectedError);
    expect((error as SubmitRejectedError).schedulerMessage).toMatch(words);
    expect(await fluxIdsNamed(flux, spec.name)).toEqual([]);
    expect(existsSync(markerPath(path.join(root, spec.workingDir), spec.name))).toBe(false);
  });

  it('a stored id Flux could never have given neither fails nor hides the jobs polled with it', async () => {
    const spec = fluxShellJob(root, token, 'polled-with-bad-ids', 'true');
    const adapter = new FluxAdapter();
    const real = { schedulerId: (await adapter.submit(spec)).schedulerId, name: spec.name };
    await waitForFluxState(adapter, real, hasEnded);
    const bad = ['18446744073709551616', 'ƒzzzzzzzzzzzzz', 'not-an-id'].map((schedulerId) => ({
      schedulerId,
      name: spec.name,
    }));
    const statuses = await adapter.statusMany([...bad, real]);
    expect(statuses.get(real.schedulerId)?.state).toBe('completed');
    for (const ref of bad) expect(statuses.get(ref.schedulerId)).toMatchObject({ state: 'unknown' });
  });
});
