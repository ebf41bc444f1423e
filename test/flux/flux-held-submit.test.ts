import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  CommandRunner,
  FluxAdapter,
  SchedulerUnreachableError,
  markerPath,
  type CommandOptions,
  type CommandResult,
  type JobRef,
} from '../../src/schedulers';
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

/** Runs the first `flux batch` twice: the earlier copy is a submission that landed after the name lookup. */
class LateLandingRunner extends CommandRunner {
  private landed = false;
  override async run(
    file: string,
    args: readonly string[],
    options?: CommandOptions,
  ): Promise<CommandResult> {
    if (args[0] === 'batch' && !this.landed) {
      this.landed = true;
      await super.run(file, args, options);
    }
    return super.run(file, args, options);
  }
}

/** Fails the release (`flux job urgency`) once, as if the submitter died or lost the broker right there. */
class ReleaseFailsOnceRunner extends CommandRunner {
  private failed = false;
  override run(file: string, args: readonly string[], options?: CommandOptions): Promise<CommandResult> {
    if (args[0] === 'job' && args[1] === 'urgency' && !this.failed) {
      this.failed = true;
      return Promise.resolve({
        stdout: '',
        stderr: 'flux-job: ERROR: Unable to connect to Flux\n',
        exitCode: 1,
      });
    }
    return super.run(file, args, options);
  }
}

// Flux jobs enter the queue held and one job per name is released (src/schedulers/flux-held-submit.ts).
describe('Flux submissions held until one job per name is released', () => {
  const { root, token } = newFluxCampaign('held');
  let flux: LocalFlux;
  const leftovers: JobRef[] = [];

  beforeAll(() => {
    flux = assertLocalFluxRunning();
    useLocalFluxInThisProcess(flux);
  });
  afterAll(async () => {
    for (const ref of leftovers) await new FluxAdapter().cancel(ref).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  /** How each job of the name ended: result, and whether it ever ran (a waitstatus). */
  async function fates(name: string): Promise<string[]> {
    const ids = await fluxIdsNamed(flux, name);
    const { stdout } = await fluxCli(flux, ['jobs', '-n', '-o', '{id.dec}|{result}|{waitstatus}', ...ids]);
    return stdout
      .trim()
      .split('\n')
      .map((line) => line.split('|'))
      .sort(([a], [b]) => (BigInt(a!) < BigInt(b!) ? -1 : 1))
      .map(([, result, waitstatus]) => `${result}${waitstatus ? '' : ' (never ran)'}`);
  }

  it('an earlier submission of the name that lands late never runs beside the new one', async () => {
    const spec = fluxShellJob(root, token, 'late', 'echo ran >> runs.txt');
    const adapter = new FluxAdapter({ runner: new LateLandingRunner() });
    const { schedulerId, reused } = await adapter.submit(spec);
    const ref = { schedulerId, name: spec.name };
    leftovers.push(ref);
    expect(reused).toBe(false);
    const ids = await fluxIdsNamed(flux, spec.name);
    expect(ids).toHaveLength(2);
    expect(schedulerId).toBe(ids.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[0]); // the oldest is kept
    expect(await waitForFluxState(adapter, ref, hasEnded)).toMatchObject({ state: 'completed' });
    expect(await fates(spec.name)).toEqual(['COMPLETED', 'CANCELED (never ran)']);
    expect(readFileSync(path.join(root, spec.workingDir, 'runs.txt'), 'utf8')).toBe('ran\n');
  });

  it('a submission interrupted before its release is released by the retry, never submitted again', async () => {
    const spec = fluxShellJob(root, token, 'interrupted', 'true');
    await expect(new FluxAdapter({ runner: new ReleaseFailsOnceRunner() }).submit(spec)).rejects.toThrow(
      SchedulerUnreachableError,
    );
    expect(existsSync(markerPath(path.join(root, spec.workingDir), spec.name))).toBe(false);
    const [held] = await fluxIdsNamed(flux, spec.name);
    const { stdout } = await fluxCli(flux, ['jobs', '-n', '-o', '{urgency}|{state}', held!]);
    expect(stdout.trim()).toBe('0|SCHED');

    const retry = await new FluxAdapter().submit(spec);
    const ref = { schedulerId: retry.schedulerId, name: spec.name };
    leftovers.push(ref);
    expect(retry).toEqual({ schedulerId: held, reused: true });
    expect(await waitForFluxState(new FluxAdapter(), ref, hasEnded)).toMatchObject({ state: 'completed' });
    expect(await fates(spec.name)).toEqual(['COMPLETED']);
  });
});
