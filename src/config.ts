import { hostname } from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { hostPortProblem, postgresUrlProblem, workerHostProblem } from './config-values';
import { redactSecrets } from './redact';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** A string checked by a function returning its problem in words (see config-values.ts). */
function checkedString(problemOf: (value: string) => string | undefined) {
  return z.string().superRefine((value, context) => {
    const problem = problemOf(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
}

const hostPort = checkedString(hostPortProblem);
const postgresUrl = checkedString(postgresUrlProblem);
const workerHost = checkedString(workerHostProblem);

/** Environment variables read by orcastrate, with their defaults. */
const environmentSchema = z.object({
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** unset: TLS when a CA, a client certificate or an API key is given; `false` keeps an API key in plaintext */
  TEMPORAL_TLS: booleanFlag.optional(),
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** A file holding the API key (its first line): the key itself never goes into a variable. */
  TEMPORAL_API_KEY_FILE: z.string().min(1).optional(),
  ORCASTRATE_TASK_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore and dash only')
    .default('orcastrate'),
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/orcastrate'),
  ORCASTRATE_DATA_ROOT: z.string().min(1).optional(),
  ORCASTRATE_WORKER_HOST: workerHost.optional(),
});

export interface TemporalTlsConfig {
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  serverName?: string;
}

export interface Config {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /**
     * `<taskQueue>@<workerHost>`: the queue only this host's workers poll, for activities that act on
     * its own processes (the local runner's jobs).
     */
    hostTaskQueue: string;
    /** undefined = plaintext connection */
    tls?: TemporalTlsConfig;
    /** Absolute path of the file holding the API key (sent as `authorization: Bearer …`). */
    apiKeyFile?: string;
  };
  databaseUrl: string;
  /** Absolute directory under which campaign job directories live. */
  dataRoot: string;
  /** This machine's name for its host task queue: ORCASTRATE_WORKER_HOST, else os.hostname(). */
  workerHost: string;
}

/** Names each bad variable; credentials in the values are always redacted. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    const redacted = problems.map(redactSecrets);
    super(`Invalid orcastrate configuration:\n${redacted.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = redacted;
    this.name = 'ConfigError';
  }
}

type Environment = Record<string, string | undefined>;

/**
 * Reads and validates configuration; throws ConfigError naming each bad variable. `machineHost`
 * gives the host name used when ORCASTRATE_WORKER_HOST is unset (os.hostname(); tests replace it).
 */
export function loadConfig(
  env: Environment = process.env,
  cwd: string = process.cwd(),
  machineHost: () => string = hostname,
): Config {
  const relevant = Object.fromEntries(
    Object.keys(environmentSchema.shape).map((key) => [key, emptyToUndefined(env[key])]),
  );
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        return `${variable}=${JSON.stringify(relevant[variable] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const mtlsParts = [e.TEMPORAL_TLS_CERT, e.TEMPORAL_TLS_KEY].filter(Boolean).length;
  if (mtlsParts === 1) {
    throw new ConfigError([
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together for mTLS (only one is set)',
    ]);
  }
  // as the Temporal SDKs and CLI do: an API key turns TLS on unless TEMPORAL_TLS=false says otherwise
  const tlsRequested =
    e.TEMPORAL_TLS === true ||
    mtlsParts === 2 ||
    Boolean(e.TEMPORAL_TLS_CA) ||
    (Boolean(e.TEMPORAL_API_KEY_FILE) && e.TEMPORAL_TLS !== false);
  const host = e.ORCASTRATE_WORKER_HOST ?? defaultWorkerHost(machineHost());
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.ORCASTRATE_TASK_QUEUE,
      hostTaskQueue: `${e.ORCASTRATE_TASK_QUEUE}@${host}`,
      // Absolute: the job's completion hook gets these paths and runs in the job's directory.
      tls: tlsRequested
        ? {
            caPath: absolute(cwd, e.TEMPORAL_TLS_CA),
            certPath: absolute(cwd, e.TEMPORAL_TLS_CERT),
            keyPath: absolute(cwd, e.TEMPORAL_TLS_KEY),
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
      apiKeyFile: absolute(cwd, e.TEMPORAL_API_KEY_FILE),
    },
    databaseUrl: e.DATABASE_URL,
    dataRoot: path.resolve(cwd, e.ORCASTRATE_DATA_ROOT ?? '.data/campaigns'),
    workerHost: host,
  };
}

/** The machine's own name, when it can name a task queue; otherwise the variable must be set. */
function defaultWorkerHost(machine: string): string {
  const problem = workerHostProblem(machine);
  if (!problem) return machine;
  throw new ConfigError([
    `ORCASTRATE_WORKER_HOST is not set and this machine's host name ${JSON.stringify(machine)} cannot stand ` +
      `in for it (${problem}): set ORCASTRATE_WORKER_HOST to a name for this host`,
  ]);
}

function absolute(cwd: string, file: string | undefined): string | undefined {
  return file === undefined ? undefined : path.resolve(cwd, file);
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Every environment variable loadConfig reads (docker-compose.yml's worker may set only these). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(environmentSchema.shape);
