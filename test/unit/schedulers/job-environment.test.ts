import {
  BASE_JOB_ENV_NAMES,
  FALLBACK_PATH,
  MODULE_SYSTEM_VARIABLES,
  inheritEnvFor,
  jobEnvironment,
  schedulerCommandEnvironment,
} from '../../../src/schedulers/job-environment';
import { InvalidJobSpecError, validateJobSpec, type JobSpec } from '../../../src/schedulers';

const WORKER = {
  PATH: '/opt/orca:/usr/bin',
  HOME: '/home/chem',
  USER: 'chem',
  LOGNAME: 'chem',
  LANG: 'C.UTF-8',
  TZ: 'UTC',
  TMPDIR: '/scratch/tmp',
  DATABASE_URL: 'postgres://orcastrate:s3cret@db:5432/orcastrate',
  TEMPORAL_TLS_KEY: '/etc/keys/worker.key',
  AWS_SECRET_ACCESS_KEY: 'abc',
  OMP_NUM_THREADS: '4',
  MODULEPATH: '/opt/modules',
  MODULESHOME: '/usr/share/lmod',
  LOADEDMODULES: 'orca/6.0',
  _LMFILES_: '/opt/modules/orca/6.0.lua',
  LMOD_CMD: '/usr/share/lmod/libexec/lmod',
  __LMOD_REF_COUNT_MODULEPATH: '/opt/modules:1',
  _ModuleTable001_: 'X01vZHVsZVRhYmxlXz17',
  'BASH_FUNC_module%%': '() {  eval $($LMOD_CMD bash "$@") }',
  LMODULE_NOT_A_MODULE_VAR: 'x',
};

describe('jobEnvironment', () => {
  it('keeps only the documented base of the worker environment', () => {
    expect(jobEnvironment(WORKER)).toEqual({
      PATH: '/opt/orca:/usr/bin',
      HOME: '/home/chem',
      USER: 'chem',
      LOGNAME: 'chem',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      TMPDIR: '/scratch/tmp',
    });
    expect(BASE_JOB_ENV_NAMES).toEqual(['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR']);
  });

  it('adds inherited names and prefixes, and nothing the worker does not have', () => {
    const env = jobEnvironment(WORKER, ['OMP_NUM_THREADS', 'MISSING_VAR', 'LMOD_*']);
    expect(env.OMP_NUM_THREADS).toBe('4');
    expect(env.LMOD_CMD).toBe('/usr/share/lmod/libexec/lmod');
    expect('MISSING_VAR' in env).toBe(false);
    expect(env.LMODULE_NOT_A_MODULE_VAR).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('passes the module system when asked, and still no credential', () => {
    const env = jobEnvironment(
      WORKER,
      inheritEnvFor({ exportEnv: ['OMP_NUM_THREADS'], exportModuleEnv: true }),
    );
    for (const name of [
      'MODULEPATH',
      'MODULESHOME',
      'LOADEDMODULES',
      '_LMFILES_',
      'LMOD_CMD',
      '__LMOD_REF_COUNT_MODULEPATH',
      '_ModuleTable001_',
      'BASH_FUNC_module%%',
      'OMP_NUM_THREADS',
    ]) {
      expect(env[name]).toBe(WORKER[name as keyof typeof WORKER]);
    }
    for (const secret of ['DATABASE_URL', 'TEMPORAL_TLS_KEY', 'AWS_SECRET_ACCESS_KEY'])
      expect(env[secret]).toBeUndefined();
  });

  it('builds inheritEnv from campaign settings without duplicates', () => {
    expect(inheritEnvFor({})).toEqual([]);
    expect(inheritEnvFor({ exportEnv: ['A', 'A'], exportModuleEnv: false })).toEqual(['A']);
    expect(inheritEnvFor({ exportEnv: ['MODULEPATH'], exportModuleEnv: true })).toEqual([
      ...MODULE_SYSTEM_VARIABLES,
    ]);
  });

  it('gives a job a PATH even when the worker has none', () => {
    expect(jobEnvironment({ HOME: '/root' })).toEqual({ HOME: '/root', PATH: FALLBACK_PATH });
  });

  it('refuses inheritEnv entries that are not variable names or prefixes', () => {
    for (const bad of ['*', 'A B', 'A=B', '1A', 'A*B', '']) {
      expect(() => jobEnvironment(WORKER, [bad])).toThrow(InvalidJobSpecError);
    }
    const spec: JobSpec = {
      name: 'oc.c.j.a1',
      campaignRoot: '/tmp',
      workingDir: 'j',
      cores: 1,
      memoryMb: 100,
      walltimeSeconds: 60,
      command: ['/bin/true'],
      outputFile: 'out',
      attempt: 1,
    };
    expect(() => validateJobSpec({ ...spec, inheritEnv: ['OK', 'not ok'] })).toThrow(/inheritEnv/);
    expect(() => validateJobSpec({ ...spec, localConcurrency: { group: '', limit: 1 } })).toThrow(
      InvalidJobSpecError,
    );
    expect(() => validateJobSpec({ ...spec, localConcurrency: { group: 'c', limit: 0 } })).toThrow(
      /localConcurrency.limit/,
    );
  });
});

describe('schedulerCommandEnvironment', () => {
  it("adds the scheduler's own variables and the adapter's extras, which win", () => {
    const env = schedulerCommandEnvironment(
      { ...WORKER, SLURM_CONF: '/etc/slurm/other.conf', SLURM_JOB_ID: '5' },
      ['SLURM_CONF'],
      { PATH: '/opt/slurm/bin:/usr/bin', SBATCH_PARTITION: 'chem' },
      ['OMP_NUM_THREADS'],
    );
    expect(env).toMatchObject({
      SLURM_CONF: '/etc/slurm/other.conf',
      PATH: '/opt/slurm/bin:/usr/bin',
      SBATCH_PARTITION: 'chem',
      OMP_NUM_THREADS: '4',
    });
    expect(env.SLURM_JOB_ID).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });
});
