import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  CommandRunner,
  FluxAdapter,
  markerPath,
  type CommandOptions,
  type CommandResult,
  type JobRef,
  type JobSpec,
} from '../../src/schedulers';
import { waitFor } from '../harness/processes';
import { runTsChild } from '../unit/schedulers/helpers/run-ts-child';
import {
  assertLocalFluxRunning,
  fluxCli,
  fluxIdsNamed,
  fluxShellJob,
  hasEnded,
  newFluxCampaign,
  useLocalFluxInThisProcess,
  waitForFluxState,
  type LocalFlux,
} from './helpers/local-flux';

/** Keeps what every flux command printed, to see the real text the adapter parsed. */
class RecordingRunner extends CommandRunner {
  readonly seen: { args: readonly string[]; result: CommandResult }[] = [];
  override async run(
    file: string,
    args: readonly string[],
    options?: CommandOptions,
  ): Promise<CommandResult> {
    const result = await super.run(file, args, options);
    this.seen.push({ args, result });
    return result;
  }
}

// Real jobs on the clone's single-node Flux from `bash scripts/local-flux.sh up` (flux-core 0.88.0).
describe('FluxAdapter on the local Flux', () => {
  const { root, token } = newFluxCampaign('adapter');
  let flux: LocalFlux;
  let adapter: FluxAdapter;
  const leftovers: JobRef[] = [];

  beforeAll(() => {
    flux = assertLocalFluxRunning();
    useLocalFluxInThisProcess(flux);
    adapter = new FluxAdapter();
  });
  afterAll(async () => {
    for (const ref of leftovers) await adapter?.cancel(ref).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  async function submit(spec: JobSpec, using = adapter): Promise<JobRef> {
    const { schedulerId, reused } = await using.submit(spec);
    expect(reused).toBe(false);
    const ref = { schedulerId, name: spec.name };
    leftovers.push(ref);
    return ref;
  }
  const job = (name: string, script: string, extra: Partial<JobSpec> = {}) =>
    fluxShellJob(root, token, name, script, extra);

  it('runs the rendered script: its directives take effect, output and log land in the job directory', async () => {
    const spec = job('ok', 'echo "attempt $ORCASTRATE_ATTEMPT with $ORCASTRATE_CORES cores"', {
      cores: 2,
      walltimeSeconds: 150,
    });
    const ref = await submit(spec);
    expect(ref.schedulerId).toMatch(/^\d+$/);
    const status = await waitForFluxState(adapter, ref, hasEnded);
    expect(status).toMatchObject({ state: 'completed', exitCode: 0, raw: 'INACTIVE|COMPLETED' });
    const { stdout } = await fluxCli(flux, [
      'jobs',
      '-n',
      '-o',
      '{name}|{nnodes}|{ncores}|{duration}',
      ref.schedulerId,
    ]);
    expect(stdout.trim()).toBe(`${spec.name}|1|2|150.0`);
    const jobDir = path.join(root, 'jobs', 'ok');
    expect(readFileSync(path.join(jobDir, 'job.out'), 'utf8')).toBe('attempt 1 with 2 cores\n');
    expect(existsSync(path.join(jobDir, `orcastrate-${ref.name}.log`))).toBe(true);
    expect(JSON.parse(readFileSync(markerPath(jobDir, ref.name), 'utf8'))).toMatchObject({
      kind: 'flux',
      schedulerId: ref.schedulerId,
    });
    await adapter.cancel(ref); // cancelling a finished job is not an error and changes nothing
    expect((await adapter.statusMany([ref])).get(ref.schedulerId)?.state).toBe('completed');
  });

  it('reports a non-zero exit as failed with its exit code', async () => {
    const ref = await submit(job('fails', 'exit 3'));
    expect(await waitForFluxState(adapter, ref, hasEnded)).toMatchObject({ state: 'failed', exitCode: 3 });
  });

  it('cancels a running job: cancelled, no exit code', async () => {
    const ref = await submit(job('cancel', 'sleep 300'));
    await waitForFluxState(adapter, ref, (status) => status.state === 'running');
    await adapter.cancel(ref);
    const status = await waitForFluxState(adapter, ref, hasEnded);
    expect(status).toMatchObject({ state: 'cancelled', reason: 'cancel', raw: 'INACTIVE|CANCELED' });
    expect(status.exitCode).toBeUndefined();
  });

  // Flux signals a batch script with SIGALRM at its time limit and SIGTERM then SIGHUP on cancel (SLURM
  // sends SIGTERM for both): the script must stop its program and copy its partial results back either way.
  it.each([
    ['time limit', 'timeout'],
    ['cancel', 'cancelled'],
  ])('%s: the script stops its program and keeps its partial results from scratch', async (how, state) => {
    const scratchRoot = path.join(root, `scratch-${state}`);
    // The time limit counts from the allocation, and the batch job's own instance starts first (seconds;
    // more on a loaded machine): long enough that the script surely runs before it.
    const walltimeSeconds = how === 'time limit' ? 30 : 300;
    const ref = await submit(
      job(`scratch-${state}`, 'echo partial > partial.txt; exec sleep 300', { scratchRoot, walltimeSeconds }),
    );
    const runsInScratch = () =>
      existsSync(scratchRoot) &&
      readdirSync(scratchRoot).some((dir) => existsSync(path.join(scratchRoot, dir, 'partial.txt')));
    await waitFor(
      'the program running in scratch',
      () => Promise.resolve(runsInScratch() || undefined),
      60_000,
    );
    if (how === 'cancel') await adapter.cancel(ref);
    expect((await waitForFluxState(adapter, ref, hasEnded)).state).toBe(state);
    const jobDir = path.join(root, 'jobs', `scratch-${state}`);
    expect(readFileSync(path.join(jobDir, 'partial.txt'), 'utf8')).toBe('partial\n');
    expect(readdirSync(scratchRoot)).toEqual([]);
  });

  it('finds a job by name after it ended (a lost marker never submits it again); others are unknown', async () => {
    const spec = job('lookup', 'true');
    const first = await submit(spec);
    await waitForFluxState(adapter, first, hasEnded);
    expect(await adapter.findByName(spec.name)).toEqual([first]);
    expect(await adapter.findByName(`${spec.name}x`)).toEqual([]);
    // an id Flux never gave, and this job's id asked under another name: neither is this job
    const never = { schedulerId: 'ƒ1111112', name: spec.name };
    const renamed = { schedulerId: first.schedulerId, name: `${spec.name}x` };
    const statuses = await adapter.statusMany([never, renamed]);
    expect(statuses.get(never.schedulerId)?.state).toBe('unknown');
    expect(statuses.get(renamed.schedulerId)?.state).toBe('unknown');

    rmSync(markerPath(path.join(root, 'jobs', 'lookup'), spec.name));
    expect(await new FluxAdapter().submit(spec)).toEqual({ schedulerId: first.schedulerId, reused: true });
    expect(await adapter.submit(spec)).toEqual({ schedulerId: first.schedulerId, reused: true });
    expect(await fluxIdsNamed(flux, spec.name)).toEqual([first.schedulerId]);
  });

  it('a submitter SIGKILLed between flux batch and the marker leaves exactly one job after the retry', async () => {
    const spec = job('crash', 'sleep 1');
    const child = await runTsChild(path.join(__dirname, 'helpers', 'submit-child.ts'), [
      JSON.stringify(spec),
    ]);
    expect(child.signal).toBe('SIGKILL');
    const acceptedId = child.stdout.trim();
    expect(acceptedId).toMatch(/^\d+$/);
    const jobDir = path.join(root, 'jobs', 'crash');
    expect(existsSync(markerPath(jobDir, spec.name))).toBe(false);

    const retry = await new FluxAdapter().submit(spec);
    leftovers.push({ schedulerId: retry.schedulerId, name: spec.name });
    expect(retry).toEqual({ schedulerId: acceptedId, reused: true });
    expect(existsSync(markerPath(jobDir, spec.name))).toBe(true);
    expect(await fluxIdsNamed(flux, spec.name)).toEqual([acceptedId]);
  });

  it.each([
    ['C.UTF-8', 'ƒ'],
    ['C', 'f'],
  ])(
    'LC_ALL=%s: flux batch spells the id with %s; both spellings name the same job',
    async (locale, prefix) => {
      const runner = new RecordingRunner();
      const localized = new FluxAdapter({ runner, env: { LC_ALL: locale } });
      const ref = await submit(job(`locale-${prefix === 'f' ? 'c' : 'utf8'}`, 'true'), localized);
      const batch = runner.seen.find(({ args }) => args[0] === 'batch');
      const printed = batch?.result.stdout.trim() ?? '';
      expect(printed.startsWith(prefix)).toBe(true);
      const { stdout } = await fluxCli(flux, [
        'jobs',
        '-n',
        '-o',
        '{id.dec}|{id.f58}|{id.f58plain}',
        ref.schedulerId,
      ]);
      const [decimal, utf8, plain] = stdout.trim().split('|');
      expect(ref.schedulerId).toBe(decimal);
      expect([utf8, plain]).toContain(printed);
      await waitForFluxState(localized, ref, hasEnded);
      const spelt = [utf8!, plain!].map((schedulerId) => ({ schedulerId, name: ref.name }));
      const statuses = await localized.statusMany(spelt);
      expect(spelt.map((each) => statuses.get(each.schedulerId)?.state)).toEqual(['completed', 'completed']);
    },
  );

  it('asks the state of 200 jobs with one flux jobs command', async () => {
    const count = 200;
    const name = `oc.${token}.held.a1`;
    // Held jobs (urgency 0) stay pending: a real 200-job queue that occupies no core.
    const { stdout } = await fluxCli(flux, [
      'submit',
      `--cc=1-${count}`,
      '--urgency=0',
      `--job-name=${name}`,
      '--output=/dev/null',
      'true',
    ]);
    const printed = stdout.trim().split('\n');
    expect(printed).toHaveLength(count);
    const refs = (await fluxIdsNamed(flux, name)).map((schedulerId) => ({ schedulerId, name }));
    expect(refs).toHaveLength(count);
    try {
      const runner = new CommandRunner();
      const started = process.hrtime.bigint();
      const statuses = await new FluxAdapter({ runner }).statusMany(refs);
      const batchedMs = Number(process.hrtime.bigint() - started) / 1e6;
      expect(runner.spawnCount).toBe(1);
      expect(statuses.size).toBe(count);
      for (const ref of refs)
        expect(statuses.get(ref.schedulerId)).toMatchObject({ state: 'pending', raw: 'SCHED' });

      const sample = refs.slice(0, 20);
      const perJobStarted = process.hrtime.bigint();
      for (const ref of sample) await adapter.statusMany([ref]);
      const perJobMs = Number(process.hrtime.bigint() - perJobStarted) / 1e6 / sample.length;
      console.log(
        `[measure] flux status: ${count} jobs in one command ${batchedMs.toFixed(0)} ms ` +
          `(${(batchedMs / count).toFixed(1)} ms/job); one command per job ${perJobMs.toFixed(0)} ms/job ` +
          `(${sample.length} asked), ratio ${(perJobMs / (batchedMs / count)).toFixed(0)}x per job`,
      );
    } finally {
      await fluxCli(flux, ['cancel', ...refs.map((ref) => ref.schedulerId)]);
    }
    const cancelled = await adapter.statusMany(refs);
    expect([...cancelled.values()].every((status) => status.state === 'cancelled')).toBe(true);
  });
});
