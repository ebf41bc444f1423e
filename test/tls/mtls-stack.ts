/**
 * A private production Temporal server (Temporal server on Postgres, deploy/temporal's template) with
 * TLS on its frontend and requireClientAuth, and the certificates of everyone who talks to it.
 *
 * Two CAs, as a site would run them: the server CA signs the frontend's certificate (what clients
 * check with TEMPORAL_TLS_CA), the client CA signs the client certificates the server accepts
 * (TEMPORAL_TLS_CLIENT_CA): orcastrate's worker, its CLI and the server's own system worker. A
 * certificate of the server CA is then no client certificate, and a template that mixed the two CA
 * variables up would fail here. A third, "rogue" CA signs a certificate the server must refuse.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { PrivateProductionServer, productionBinary } from '../harness/production-server';
import { TestPki, type Authority, type Leaf } from './certificates';

export const SERVER_NAME = 'localhost';

export interface MtlsStack {
  pki: TestPki;
  serverCa: Authority;
  clientCa: Authority;
  /** signed by the client CA */
  worker: Leaf;
  cli: Leaf;
  systemWorker: Leaf;
  /** signed by a CA the server does not know */
  rogue: Leaf;
  server: PrivateProductionServer;
}

export async function startMtlsStack(adminDatabaseUrl: string): Promise<MtlsStack> {
  productionBinary('temporal-server'); // a clear "run npm run setup" when the server was never built
  const pki = new TestPki();
  const [serverCa, clientCa, rogueCa] = await Promise.all(
    ['server-ca', 'client-ca', 'rogue-ca'].map((name) => pki.authority(name)),
  );
  const [frontend, worker, cli, systemWorker, rogue] = await Promise.all([
    pki.leaf('frontend', serverCa!, 'server'),
    pki.leaf('orcastrate-worker', clientCa!, 'client'),
    pki.leaf('orcastrate-cli', clientCa!, 'client'),
    pki.leaf('temporal-system-worker', clientCa!, 'client'),
    pki.leaf('rogue-client', rogueCa!, 'client'),
  ]);
  const stack = { pki, serverCa: serverCa!, clientCa: clientCa!, worker, cli, systemWorker, rogue };
  const server = await PrivateProductionServer.create('mtls', {
    adminDatabaseUrl,
    tls: {
      cert: frontend.cert,
      key: frontend.key,
      ca: serverCa!.cert,
      clientCa: clientCa!.cert,
      systemWorkerCert: systemWorker.cert,
      systemWorkerKey: systemWorker.key,
      serverName: SERVER_NAME,
    },
    clientTls: sdkTls(stack, cli),
  });
  return { ...stack, server };
}

/** SDK connection options: the server CA, the server name and (unless `undefined`) a client pair. */
export function sdkTls(stack: Pick<MtlsStack, 'serverCa'>, client: Leaf | undefined): TLSConfig {
  return {
    serverNameOverride: SERVER_NAME,
    serverRootCACertificate: readFileSync(stack.serverCa.cert),
    clientCertPair: client ? { crt: readFileSync(client.cert), key: readFileSync(client.key) } : undefined,
  };
}

export async function connectWith<T>(
  stack: MtlsStack,
  client: Leaf,
  use: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await Connection.connect({ address: stack.server.address, tls: sdkTls(stack, client) });
  try {
    return await use(connection);
  } finally {
    await connection.close();
  }
}

/**
 * orcastrate's variables for a client certificate (paths only). `relative`: paths relative to the
 * checkout (the worker's working directory), as a user may write them.
 */
export function orcastrateTlsEnv(
  stack: MtlsStack,
  client: Leaf | undefined,
  relative = false,
): Record<string, string> {
  const file = (absolute: string) => (relative ? path.relative(REPO_ROOT, absolute) : absolute);
  return {
    TEMPORAL_TLS_CA: file(stack.serverCa.cert),
    TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    ...(client ? { TEMPORAL_TLS_CERT: file(client.cert), TEMPORAL_TLS_KEY: file(client.key) } : {}),
  };
}

/** The base64 lines of a PEM file: what must never appear in a job script or a log. */
export function pemBodyLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length >= 16 && !line.startsWith('-----'));
}
