import { InvalidJobSpecError } from './errors';

/**
 * What a job receives from the worker's environment: only these names, the job's `inheritEnv` and
 * whatever the job script itself exports (`spec.env`, the ORCASTRATE_* variables). A worker holds
 * credentials (DATABASE_URL, TLS keys, cloud tokens); none of them may reach a job, its script or a
 * scheduler's saved copy of the job's environment.
 *
 * The base is what programs need to behave like in a login shell: where to find commands, who and
 * where the user is, how to format text and time, where temporary files go.
 */
export const BASE_JOB_ENV_NAMES: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
];

/** PATH of a job when the worker has none (bash would otherwise fall back to its compiled-in value). */
export const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * Variables of Lmod and Environment Modules, for `scheduler.exportModuleEnv`: with them a job script
 * can `module load` exactly as the worker's shell could. Entries ending in `*` are prefixes. The
 * exported `module`/`ml` shell functions are included because bash passes functions through the
 * environment under these names.
 */
export const MODULE_SYSTEM_VARIABLES: readonly string[] = [
  'MODULEPATH',
  'MODULESHOME',
  'LOADEDMODULES',
  '_LMFILES_',
  'MODULEPATH_modshare',
  'LOADEDMODULES_modshare',
  '_LMFILES__modshare',
  'LMOD_*',
  'MODULES_*',
  '__LMOD_*',
  '__MODULES_*',
  '_ModuleTable*',
  'BASH_FUNC_module%%',
  'BASH_FUNC_ml%%',
];

/** A name, a name ending in `*` (prefix), or an exported bash function (`BASH_FUNC_name%%`). */
const INHERIT_ENTRY = /^(?:[A-Za-z_][A-Za-z0-9_]*\*?|BASH_FUNC_[A-Za-z_][A-Za-z0-9_]*%%)$/;

export function assertValidInheritEnv(entries: readonly string[]): void {
  for (const entry of entries) {
    if (!INHERIT_ENTRY.test(entry)) {
      throw new InvalidJobSpecError(
        `inheritEnv entry ${JSON.stringify(entry)} must be a variable name, optionally ending in * (prefix)`,
      );
    }
  }
}

/**
 * `JobSpec.inheritEnv` for a campaign's scheduler settings: its `exportEnv` names, plus the module
 * system's variables when `exportModuleEnv` is set.
 */
export function inheritEnvFor(settings: {
  exportEnv?: readonly string[];
  exportModuleEnv?: boolean;
}): string[] {
  const names = [...(settings.exportEnv ?? [])];
  if (settings.exportModuleEnv) names.push(...MODULE_SYSTEM_VARIABLES);
  return [...new Set(names)];
}

function matches(entry: string, name: string): boolean {
  return entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry;
}

/**
 * The environment a job starts with: the base names and the `inheritEnv` entries, with the worker's
 * values (a name the worker does not have is left out). Pure: `workerEnv` is usually process.env.
 */
export function jobEnvironment(
  workerEnv: Readonly<Record<string, string | undefined>>,
  inheritEnv: readonly string[] = [],
): Record<string, string> {
  assertValidInheritEnv(inheritEnv);
  const wanted = [...BASE_JOB_ENV_NAMES, ...inheritEnv];
  const env: Record<string, string> = {};
  for (const name of Object.keys(workerEnv).sort()) {
    const value = workerEnv[name];
    if (value !== undefined && wanted.some((entry) => matches(entry, name))) env[name] = value;
  }
  env.PATH ??= FALLBACK_PATH;
  return env;
}

/**
 * The environment of a scheduler command (sbatch, squeue, flux ...): the job environment (for the
 * commands that hand it to the job), the scheduler's own variables the worker has (e.g. SLURM_CONF,
 * FLUX_URI) and the adapter's explicit `extra`, which wins.
 */
export function schedulerCommandEnvironment(
  workerEnv: Readonly<Record<string, string | undefined>>,
  schedulerNames: readonly string[],
  extra: Readonly<Record<string, string>> = {},
  inheritEnv: readonly string[] = [],
): Record<string, string> {
  const env = jobEnvironment(workerEnv, inheritEnv);
  for (const name of schedulerNames) {
    const value = workerEnv[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}
