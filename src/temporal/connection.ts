import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { ConfigError, type Config, type TemporalTlsConfig } from '../config';
import { describeError } from '../redact';
import { readApiKey } from './api-key';
import { diagnoseTls } from './tls-diagnosis';

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

function fileProblem(variable: TlsVariable, file: string | undefined, problem: string): string {
  return `${variable}=${JSON.stringify(file)}: the file ${problem}`;
}

/** The certificate a PEM file holds (the first), or what is wrong with it; never quotes the file. */
function parseCertificate(pem: Buffer): X509Certificate | string {
  try {
    return new X509Certificate(pem);
  } catch {
    return pem.includes('PRIVATE KEY-----')
      ? 'holds a private key, not a certificate'
      : 'holds no certificate that can be read';
  }
}

function parseKey(pem: Buffer): KeyObject | string {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    // PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`) or traditional PEM encryption (`Proc-Type: 4,ENCRYPTED`)
    const encrypted = pem.includes('ENCRYPTED PRIVATE KEY-----') || pem.includes('Proc-Type: 4,ENCRYPTED');
    if (encrypted || errorCode(error) === 'ERR_MISSING_PASSPHRASE') {
      return 'holds an encrypted (passphrase-protected) key: orcastrate needs an unencrypted key file';
    }
    return pem.includes('-----BEGIN CERTIFICATE-----')
      ? 'holds a certificate, not a private key'
      : 'holds no private key that can be read';
  }
}

/** What the files hold: certificates that parse, a key that parses and belongs to the certificate. */
function contentProblems(tls: TemporalTlsConfig, ca?: Buffer, cert?: Buffer, key?: Buffer): string[] {
  const problems: string[] = [];
  const caCertificate = ca ? parseCertificate(ca) : undefined;
  if (typeof caCertificate === 'string')
    problems.push(fileProblem('TEMPORAL_TLS_CA', tls.caPath, caCertificate));
  const certificate = cert ? parseCertificate(cert) : undefined;
  if (typeof certificate === 'string')
    problems.push(fileProblem('TEMPORAL_TLS_CERT', tls.certPath, certificate));
  const privateKey = key ? parseKey(key) : undefined;
  if (typeof privateKey === 'string') problems.push(fileProblem('TEMPORAL_TLS_KEY', tls.keyPath, privateKey));
  if (
    typeof certificate === 'object' &&
    typeof privateKey === 'object' &&
    !certificate.checkPrivateKey(privateKey)
  ) {
    problems.push(
      `TEMPORAL_TLS_KEY=${JSON.stringify(tls.keyPath)}: the key does not belong to the certificate in TEMPORAL_TLS_CERT=${JSON.stringify(tls.certPath)}`,
    );
  }
  return problems;
}

/**
 * Reads the TLS files; a missing, unreadable or non-PEM one, a certificate or key that cannot be read
 * (or is encrypted), and a key of another certificate are a ConfigError naming the variable(s).
 */
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
    return typeof content === 'string' ? [fileProblem(variable, file, content)] : [];
  });
  if (problems.length) throw new ConfigError(problems);
  const [ca, cert, key] = contents as (Buffer | undefined)[];
  const contentIssues = contentProblems(tls, ca, cert, key);
  if (contentIssues.length) throw new ConfigError(contentIssues);
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: ca,
    clientCertPair: cert && key ? { crt: cert, key } : undefined,
  };
}

/**
 * Names the variable: the SDK's "Failed to connect before the deadline" names nothing. When TLS is the
 * reason (plaintext against a TLS port, no or an untrusted client certificate, a server certificate
 * the CA does not sign ...), one TLS handshake finds out and the message says which variable to set.
 */
export async function temporalConnectError(
  config: Config,
  error: unknown,
  tls?: ConnectionOptions['tls'],
): Promise<Error> {
  const material = typeof tls === 'object' && tls !== null ? tls : undefined;
  const reason = await diagnoseTls(config, material).catch(() => undefined);
  const mode = config.temporal.tls ? ', TLS' : '';
  const detail = reason ? `${reason} [${describeError(error)}]` : describeError(error);
  return new Error(
    `cannot connect to Temporal at TEMPORAL_ADDRESS=${config.temporal.address}${mode}: ${detail}`,
    {
      cause: error,
    },
  );
}

/**
 * `tls`: options already read by tlsOptions (a worker reads the files once for both connections).
 * `identity`: how this client appears in workflow histories (default: the SDK's `<pid>@<host>`).
 */
export async function connectClient(
  config: Config,
  tls?: ConnectionOptions['tls'],
  identity?: string,
): Promise<Client> {
  const options = {
    address: config.temporal.address,
    // false, not undefined: the SDK would otherwise turn TLS on by itself for an API key
    tls: tls ?? (await tlsOptions(config.temporal.tls)) ?? false,
    apiKey: await readApiKey(config.temporal.apiKeyFile),
  };
  const connection = await Connection.connect(options).catch(async (error: unknown) => {
    throw await temporalConnectError(config, error, options.tls);
  });
  return new Client({ connection, namespace: config.temporal.namespace, identity });
}
