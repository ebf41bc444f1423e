import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  FluxAdapter,
  LocalRunner,
  SlurmAdapter,
  type JobRef,
  type JobSpec,
  type SchedulerAdapter,
} from '../../src/schedulers';
import { BASE_JOB_ENV_NAMES } from '../../src/schedulers/job-environment';
import { assertLocalSlurmRunning, hasEnded, waitForState } from '../slurm/helpers/local-slurm';
import { runTsChild } from '../unit/schedulers/helpers/run-ts-child';
import { testJobSpec } from '../unit/schedulers/helpers/test-jobs';
import {
  INHERITED,
  PLANTED,
  SECRET_PASSWORD,
  allowedJobNames,
  isSlurmOwn,
  leaks,
  plantWorkerEnvironment,
  readEnvDump,
  readSlurmSavedEnvironment,
  waitForFile,
  writeEnvDumpProgram,
  writeRecordingWrapper,
} from './helpers/job-env';

// A worker whose environment holds a database password: no job (local, SLURM, Flux) may see it, nor
// any other variable outside the documented base and the job's own inheritEnv.
describe('jobs get a minimal, explicit environment', () => {
  plantWorkerEnvironment();
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-jobenv-')));
  const token = `jobenv-${Date.now().toString(36)}`;
  const fakeOrca = writeEnvDumpProgram(root);
  const hookEnv = { ORCASTRATE_TEST_HOOK: 'hook-value' };
  const expectedNames = allowedJobNames([INHERITED, ...Object.keys(hookEnv)]);
  const cleanups: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  function spec(job: string, extra: Partial<JobSpec> = {}): JobSpec {
    const command = [fakeOrca, path.join(root, 'jobs', job, 'release')];
    return testJobSpec(root, token, job, { env: hookEnv, inheritEnv: [INHERITED], command, ...extra });
  }
  const jobDir = (job: string) => path.join(root, 'jobs', job);

  async function submit(scheduler: SchedulerAdapter, jobSpec: JobSpec): Promise<JobRef> {
    const ref = { schedulerId: (await scheduler.submit(jobSpec)).schedulerId, name: jobSpec.name };
    cleanups.push(() => scheduler.cancel(ref));
    return ref;
  }

  function expectCleanJobEnvironment(job: string, schedulerOwn?: (name: string) => boolean): void {
    const env = readEnvDump(path.join(jobDir(job), 'job-env.bin'));
    expect(env.get(INHERITED)).toBe(PLANTED.ORCASTRATE_TEST_INHERITED);
    expect(env.get('ORCASTRATE_TEST_HOOK')).toBe('hook-value');
    expect(env.has('DATABASE_URL')).toBe(false);
    expect(leaks(env, expectedNames, schedulerOwn)).toEqual({ unexpected: [], secretValues: [] });
    // Inherited values travel through the environment only, never through the script.
    const script = readFileSync(path.join(jobDir(job), `orcastrate-${spec(job).name}.sh`), 'utf8');
    expect(script).not.toContain(PLANTED.ORCASTRATE_TEST_INHERITED);
    expect(script).toContain('hook-value');
  }

  it('local runner: the job sees the base, its inheritEnv and its hook variables only', async () => {
    const local = new LocalRunner({ stateDir: path.join(root, '.runner-a'), killGraceSeconds: 1 });
    const ref = await submit(local, spec('local'));
    await waitForFile(path.join(jobDir('local'), 'job-env.bin'), 15_000);
    writeFileSync(path.join(jobDir('local'), 'release'), '');
    expect(await waitForState(local, ref, hasEnded, 15_000)).toMatchObject({ state: 'completed' });
    expectCleanJobEnvironment('local');
  });

  it('local runner: a job queued before a worker restart still gets its inheritEnv at launch', async () => {
    const stateDir = path.join(root, '.runner-b');
    const child = path.join(__dirname, '../unit/schedulers/helpers/local-submit-child.ts');
    const blocker = spec('blocker', { inheritEnv: [] });
    const queued = spec('restarted');
    // The submitting worker is gone before the job starts; its own value must not be what arrives.
    const submitterEnv = { [INHERITED]: 'value-of-the-submitting-worker' };
    for (const jobSpec of [blocker, queued]) {
      const run = await runTsChild(child, [stateDir, JSON.stringify(jobSpec), 'exit', '1'], submitterEnv);
      expect(run.code).toBe(0);
    }
    const restarted = new LocalRunner({ stateDir, maxConcurrent: 1, killGraceSeconds: 1 });
    const [ref] = await restarted.findByName(queued.name);
    if (!ref) throw new Error('the restarted runner does not know the queued job');
    cleanups.push(() => restarted.cancel(ref));
    expect((await restarted.statusMany([ref])).get(ref.schedulerId)?.state).toBe('pending');
    await waitForFile(path.join(jobDir('blocker'), 'job-env.bin'), 15_000);
    writeFileSync(path.join(jobDir('blocker'), 'release'), '');
    // Status polls drive the runner (the blocker's wrapper belonged to the vanished submitter).
    await waitForState(restarted, ref, (status) => status.state === 'running', 15_000);
    await waitForFile(path.join(jobDir('restarted'), 'job-env.bin'), 15_000);
    writeFileSync(path.join(jobDir('restarted'), 'release'), '');
    expect(await waitForState(restarted, ref, hasEnded, 15_000)).toMatchObject({ state: 'completed' });
    expectCleanJobEnvironment('restarted');
  });

  it('SLURM: neither the job nor slurmctld saved environment file holds the secret; commands run minimal', async () => {
    assertLocalSlurmRunning();
    const binDir = path.join(root, 'slurm-bin');
    const commandLog = path.join(root, 'slurm-commands');
    mkdirSync(binDir);
    mkdirSync(commandLog);
    for (const command of ['sbatch', 'squeue', 'sacct', 'scancel']) {
      const real = execFileSync('/bin/sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
      writeRecordingWrapper(binDir, commandLog, real);
    }
    const slurm = new SlurmAdapter({ binDir });
    const ref = await submit(slurm, spec('slurm'));
    await waitForFile(path.join(jobDir('slurm'), 'job-env.bin'), 60_000);

    // While the job runs, the controller holds its copy of the environment under StateSaveLocation.
    const config = execFileSync('scontrol', ['show', 'config'], { encoding: 'utf8' });
    const stateSaveLocation = /^StateSaveLocation\s*=\s*(\S+)/m.exec(config)?.[1] ?? '';
    expect(stateSaveLocation).not.toBe('');
    const saved = readSlurmSavedEnvironment(stateSaveLocation, ref.schedulerId);
    expect(saved.get(INHERITED)).toBe(PLANTED.ORCASTRATE_TEST_INHERITED); // proves it is this job's file
    expect(saved.has('DATABASE_URL')).toBe(false);
    expect(leaks(saved, expectedNames, isSlurmOwn)).toEqual({ unexpected: [], secretValues: [] });

    writeFileSync(path.join(jobDir('slurm'), 'release'), '');
    expect(await waitForState(slurm, ref, hasEnded)).toMatchObject({ state: 'completed' });
    await slurm.cancel(ref);
    expectCleanJobEnvironment('slurm', isSlurmOwn);

    const commandNames = allowedJobNames(['SLURM_CONF']);
    const recorded = readdirSync(commandLog);
    for (const command of ['sbatch', 'squeue', 'scancel'])
      expect(recorded.some((file) => file.startsWith(`${command}.`))).toBe(true);
    for (const file of recorded) {
      const env = readEnvDump(path.join(commandLog, file));
      const allowed = file.startsWith('sbatch.') ? expectedNames : commandNames;
      expect({ file, ...leaks(env, allowed, (name) => name === 'SLURM_CONF') }).toEqual({
        file,
        unexpected: [],
        secretValues: [],
      });
    }
  });

  it('Flux: flux batch (which copies its environment into the jobspec) and flux jobs/job/cancel run minimal', async () => {
    const fakeFlux = path.resolve(__dirname, '../fixtures/flux/flux');
    chmodSync(fakeFlux, 0o755);
    const state = path.join(root, 'fake-flux');
    process.env.FLUX_URI = 'local:///run/flux/orcastrate-test';
    cleanups.push(() => Promise.resolve(void delete process.env.FLUX_URI));
    const flux = new FluxAdapter({ executable: fakeFlux, env: { FAKE_FLUX_STATE: state } });
    const ref = await submit(flux, spec('flux'));
    await flux.statusMany([ref]);
    await flux.cancel(ref);

    const calls = readFileSync(path.join(state, 'env.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { subcommand: string; env: Record<string, string> });
    // lookup, batch (held), which to keep, release (job urgency), status, cancel's check, cancel
    expect(calls.map((call) => call.subcommand)).toEqual([
      'jobs',
      'batch',
      'jobs',
      'job',
      'jobs',
      'jobs',
      'cancel',
    ]);
    const fluxOwn = (name: string) => name === 'FLUX_URI' || name === 'FAKE_FLUX_STATE';
    for (const { subcommand, env } of calls) {
      const asMap = new Map(Object.entries(env));
      expect(env.FLUX_URI).toBe('local:///run/flux/orcastrate-test');
      const allowed = subcommand === 'batch' ? expectedNames : new Set(BASE_JOB_ENV_NAMES);
      expect({ subcommand, ...leaks(asMap, allowed, fluxOwn) }).toEqual({
        subcommand,
        unexpected: [],
        secretValues: [],
      });
      expect(env[INHERITED] !== undefined).toBe(subcommand === 'batch');
    }
    expect(JSON.stringify(calls)).not.toContain(SECRET_PASSWORD);
  });
});
