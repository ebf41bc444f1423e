import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { reportEnvironment } from '../../src/jobs/report-environment';
import { tlsOptions } from '../../src/temporal/connection';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { TestPki, type Authority, type Leaf } from '../tls/certificates';
import { BUILT_CLI, BUILT_WORKER, runNode } from './support';

async function problemsOf(tls: Parameters<typeof tlsOptions>[0]): Promise<string[]> {
  try {
    await tlsOptions(tls);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('tlsOptions accepted the files');
}

// TLS settings as users get them wrong, and as the job hook (`orcastrate report`) receives them.
describe('Temporal TLS settings', () => {
  const pki = new TestPki();
  let ca: Authority;
  let client: Leaf;
  let other: Leaf;

  beforeAll(async () => {
    ca = await pki.authority('ca');
    [client, other] = await Promise.all([pki.leaf('client', ca, 'client'), pki.leaf('other', ca, 'client')]);
  });

  // The worker hands its TLS settings to every job script; the hook runs in the job's directory (or
  // its scratch copy, or on a compute node). Paths relative to the worker's directory used to be
  // passed as they were, so every report failed with "the file does not exist" and only the
  // batched poller noticed the jobs' ends.
  it('gives the job hook absolute paths that still work from the job directory', async () => {
    const workerDir = path.dirname(pki.dir);
    const relative = (file: string) => path.relative(workerDir, file);
    const workerConfig = loadConfig(
      {
        TEMPORAL_TLS_CA: relative(ca.cert),
        TEMPORAL_TLS_CERT: relative(client.cert),
        TEMPORAL_TLS_KEY: relative(client.key),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      },
      workerDir,
    );
    const hookEnv = reportEnvironment(workerConfig);
    expect(hookEnv).toMatchObject({
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_CA: ca.cert,
      TEMPORAL_TLS_CERT: client.cert,
      TEMPORAL_TLS_KEY: client.key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    // paths only: no PEM content ever goes into a job script
    for (const value of Object.values(hookEnv)) expect(value).not.toContain('-----BEGIN');

    const jobDir = mkdtempSync(path.join(tmpdir(), 'orcastrate-job-dir-'));
    const hookConfig = loadConfig(hookEnv, jobDir);
    const options = await tlsOptions(hookConfig.temporal.tls);
    expect(options).toMatchObject({ clientCertPair: { key: readFileSync(client.key) } });
  });

  it('names the variables of swapped, mismatched and encrypted certificate files, never their content', async () => {
    const swapped = await problemsOf({ caPath: ca.cert, certPath: client.key, keyPath: client.cert });
    expect(swapped).toEqual([
      `TEMPORAL_TLS_CERT=${JSON.stringify(client.key)}: the file holds a private key, not a certificate`,
      `TEMPORAL_TLS_KEY=${JSON.stringify(client.cert)}: the file holds a certificate, not a private key`,
    ]);
    const mismatched = await problemsOf({ certPath: client.cert, keyPath: other.key });
    expect(mismatched).toEqual([
      `TEMPORAL_TLS_KEY=${JSON.stringify(other.key)}: the key does not belong to the certificate in TEMPORAL_TLS_CERT=${JSON.stringify(client.cert)}`,
    ]);
    const encrypted = await pki.encryptedKey(client);
    expect(await problemsOf({ certPath: client.cert, keyPath: encrypted })).toEqual([
      `TEMPORAL_TLS_KEY=${JSON.stringify(encrypted)}: the file holds an encrypted (passphrase-protected) key: orcastrate needs an unencrypted key file`,
    ]);
    const caIsAKey = await problemsOf({ caPath: ca.key });
    expect(caIsAKey).toEqual([
      `TEMPORAL_TLS_CA=${JSON.stringify(ca.key)}: the file holds a private key, not a certificate`,
    ]);
    const garbled = path.join(pki.dir, 'garbled.pem');
    writeFileSync(garbled, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    expect(await problemsOf({ caPath: garbled })).toEqual([
      `TEMPORAL_TLS_CA=${JSON.stringify(garbled)}: the file holds no certificate that can be read`,
    ]);
    const keyBody = readFileSync(client.key, 'utf8').split('\n')[1]!;
    for (const problem of [...swapped, ...mismatched]) expect(problem).not.toContain(keyBody);
  });

  it('tells a worker with TLS settings that the server there speaks no TLS', async () => {
    assertBuilt();
    const state = readHarnessState();
    const dataRoot = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-tls-plain-')), 'campaigns');
    const run = await runNode(
      BUILT_WORKER,
      [],
      {
        TEMPORAL_ADDRESS: state.temporalAddress, // the harness's plaintext server
        TEMPORAL_NAMESPACE: state.temporalNamespace,
        DATABASE_URL: state.databaseUrl,
        ORCASTRATE_DATA_ROOT: dataRoot,
        ORCASTRATE_TASK_QUEUE: 'adversarial-tls-plain',
        TEMPORAL_TLS_CA: ca.cert,
      },
      30_000,
    );
    expect(run.killed).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `cannot connect to Temporal at TEMPORAL_ADDRESS=${state.temporalAddress}, TLS: the server does not speak TLS there: unset TEMPORAL_TLS, TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY`,
    );
  });

  // `status` of a campaign Postgres does not know used to say "no running workflow for it" when
  // Temporal could not be asked at all (a bad certificate, a wrong address).
  it('says that Temporal could not be asked when `status` finds no campaign', async () => {
    assertBuilt();
    const run = await runNode(BUILT_CLI, ['status', 'no-such-campaign'], {
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      DATABASE_URL: readHarnessState().databaseUrl,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'no campaign "no-such-campaign" in the database, and Temporal could not be asked for its workflows: ' +
        'Temporal at 127.0.0.1:1: cannot connect to Temporal at TEMPORAL_ADDRESS=127.0.0.1:1',
    );
    expect(run.stderr).not.toContain('no running workflow');
  });
});
