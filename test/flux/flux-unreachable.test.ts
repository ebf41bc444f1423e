import { existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  CommandRunner,
  FluxAdapter,
  SchedulerUnreachableError,
  markerPath,
  type JobRef,
  type JobSpec,
  type SchedulerStatus,
} from '../../src/schedulers';
import {
  assertLocalFluxRunning,
  fluxShellJob,
  newFluxCampaign,
  useLocalFluxInThisProcess,
  waitForFluxState,
} from './helpers/local-flux';
import { PrivateFluxInstance } from './helpers/private-flux';

// An instance that cannot be asked is `unreachable`, never a job failure: a FLUX_URI with no broker, a broker
// that does not answer (SIGSTOP), one shut down, one killed. Faults hit private instances only.
describe('FluxAdapter when the Flux instance cannot be asked', () => {
  const { root, token } = newFluxCampaign('unreachable');
  const instances: PrivateFluxInstance[] = [];
  let executable: string;

  beforeAll(() => {
    const flux = assertLocalFluxRunning();
    useLocalFluxInThisProcess(flux);
    executable = flux.executable;
  });
  afterAll(async () => {
    for (const instance of instances) await instance.remove();
    rmSync(root, { recursive: true, force: true });
  });

  const on = (uri: string, timeoutMs = 15_000) =>
    new FluxAdapter({ env: { FLUX_URI: uri }, runner: new CommandRunner(timeoutMs) });
  const job = (name: string, script = 'sleep 300'): JobSpec => fluxShellJob(root, token, name, script);
  async function startInstance(label: string): Promise<PrivateFluxInstance> {
    const instance = await PrivateFluxInstance.start(executable, label);
    instances.push(instance);
    return instance;
  }

  /** Every operation says unreachable, and a submission leaves nothing behind. */
  async function expectUnreachable(adapter: FluxAdapter, refs: JobRef[], words: RegExp): Promise<void> {
    const statuses = await adapter.statusMany(refs);
    for (const ref of refs) {
      const status = statuses.get(ref.schedulerId) as SchedulerStatus;
      expect(status.state).toBe('unreachable');
      expect(status.reason).toMatch(words);
    }
    await expect(adapter.findByName(refs[0]!.name)).rejects.toThrow(SchedulerUnreachableError);
    await expect(adapter.cancel(refs[0]!)).rejects.toThrow(SchedulerUnreachableError);
    const spec = job(`never-${refs[0]!.schedulerId}`, 'true');
    await expect(adapter.submit(spec)).rejects.toThrow(SchedulerUnreachableError);
    const jobDir = path.join(root, spec.workingDir);
    expect(existsSync(markerPath(jobDir, spec.name))).toBe(false);
    expect(readdirSync(jobDir)).toEqual([]); // not even a script: the name lookup failed first
  }

  it('a FLUX_URI with no broker behind it', async () => {
    const adapter = on(`local://${root}/no-broker-here/local-0`);
    await expectUnreachable(
      adapter,
      [{ schedulerId: '1234', name: `oc.${token}.x.a1` }],
      /broker socket .* was not found/,
    );
  });

  it('a frozen broker (SIGSTOP): unreachable while it does not answer, its job still running after', async () => {
    const instance = await startInstance('frozen');
    const adapter = on(instance.uri, 3_000);
    const ref = await adapter
      .submit(job('frozen'))
      .then(({ schedulerId }) => ({ schedulerId, name: job('frozen').name }));
    await waitForFluxState(adapter, ref, (status) => status.state === 'running');
    instance.freeze();
    try {
      await expectUnreachable(adapter, [ref], /timed out after 3000 ms/);
    } finally {
      instance.thaw();
    }
    expect((await adapter.statusMany([ref])).get(ref.schedulerId)?.state).toBe('running');
  });

  it('a broker shut down, and a broker killed outright (its socket left behind)', async () => {
    const stopped = await startInstance('stopped');
    const killed = await startInstance('killed');
    const refs: Record<string, JobRef> = {};
    for (const [label, instance] of [
      ['stopped', stopped],
      ['killed', killed],
    ] as const) {
      const spec = job(label);
      refs[label] = { schedulerId: (await on(instance.uri).submit(spec)).schedulerId, name: spec.name };
      await waitForFluxState(on(instance.uri), refs[label], (status) => status.state === 'running');
    }
    await stopped.stop();
    await killed.killBroker();
    await expectUnreachable(on(stopped.uri), [refs.stopped!], /broker socket .* was not found/);
    await expectUnreachable(on(killed.uri), [refs.killed!], /Connection refused/);
  });
});
