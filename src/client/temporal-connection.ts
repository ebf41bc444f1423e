import { readFile } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { Config, TemporalTlsConfig } from '../config';

export async function tlsOptions(tls: TemporalTlsConfig | undefined): Promise<ConnectionOptions['tls']> {
  if (!tls) return undefined;
  const [ca, cert, key] = await Promise.all([
    tls.caPath ? readFile(tls.caPath) : undefined,
    tls.certPath ? readFile(tls.certPath) : undefined,
    tls.keyPath ? readFile(tls.keyPath) : undefined,
  ]);
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: ca,
    clientCertPair: cert && key ? { crt: cert, key } : undefined,
  };
}

export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({
    address: config.temporal.address,
    tls: await tlsOptions(config.temporal.tls),
  });
  return new Client({ connection, namespace: config.temporal.namespace });
}
