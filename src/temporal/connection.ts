import { readFile, stat } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { ConfigError, type Config, type TemporalTlsConfig } from '../config';
import { describeError } from '../redact';

type TlsVariable = 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** Reads one PEM file; returns the problem (naming nothing but what is wrong) instead of throwing. */
async function readPem(file: string): Promise<Buffer | string> {
  try {
    if ((await stat(file)).isDirectory()) return 'is a directory, not a PEM file';
    const content = await readFile(file);
    if (content.length === 0) return 'is empty';
    if (!content.includes('-----BEGIN ')) return 'is not PEM (no -----BEGIN line)';
    return content;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return 'does not exist';
    if (code === 'ENOTDIR') return 'does not exist (a component of the path is a file)';
    if (code === 'EACCES' || code === 'EPERM') return 'is not readable (permission denied)';
    return `cannot be read (${code ?? (error as Error).message})`;
  }
}

/** Reads the TLS files; a missing, unreadable or non-PEM one is a ConfigError naming its variable. */
export async function tlsOptions(tls: TemporalTlsConfig | undefined): Promise<ConnectionOptions['tls']> {
  if (!tls) return undefined;
  const files: [TlsVariable, string | undefined][] = [
    ['TEMPORAL_TLS_CA', tls.caPath],
    ['TEMPORAL_TLS_CERT', tls.certPath],
    ['TEMPORAL_TLS_KEY', tls.keyPath],
  ];
  const contents = await Promise.all(
    files.map(([, file]) => (file ? readPem(file) : Promise.resolve(undefined))),
  );
  const problems = files.flatMap(([variable, file], index) => {
    const content = contents[index];
    return typeof content === 'string' ? [`${variable}=${JSON.stringify(file)}: the file ${content}`] : [];
  });
  if (problems.length) throw new ConfigError(problems);
  const [ca, cert, key] = contents as (Buffer | undefined)[];
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: ca,
    clientCertPair: cert && key ? { crt: cert, key } : undefined,
  };
}

/** Names the variable: the SDK's "Failed to connect before the deadline" names nothing. */
export function temporalConnectError(config: Config, error: unknown): Error {
  const tls = config.temporal.tls ? ', TLS' : '';
  return new Error(
    `cannot connect to Temporal at TEMPORAL_ADDRESS=${config.temporal.address}${tls}: ${describeError(error)}`,
    { cause: error },
  );
}

/** `tls`: options already read by tlsOptions (a worker reads the files once for both connections). */
export async function connectClient(config: Config, tls?: ConnectionOptions['tls']): Promise<Client> {
  const options = { address: config.temporal.address, tls: tls ?? (await tlsOptions(config.temporal.tls)) };
  const connection = await Connection.connect(options).catch((error: unknown) => {
    throw temporalConnectError(config, error);
  });
  return new Client({ connection, namespace: config.temporal.namespace });
}
