import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { tlsOptions } from '../../src/temporal/connection';
import { ConfigError, loadConfig } from '../../src/config';
import { createPool } from '../../src/db/pool';
import { describeError, redactSecrets } from '../../src/redact';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { assertBuilt } from '../harness/processes';
import { TestPki } from '../tls/certificates';

const SECRET = 's3cret';

function configProblem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('redactSecrets', () => {
  it.each([
    ['postgres://postgres:s3cret@db:5432/orca', 'postgres://postgres:***@db:5432/orca'],
    ['error at postgresql://u:s3cret@h/db, retrying', 'error at postgresql://u:***@h/db, retrying'],
    ['DATABASE_URL="postgres://u:s3cret@h/db": bad', 'DATABASE_URL="postgres://u:***@h/db": bad'],
    // passwords typed without percent-encoding
    ['postgres://u:s3/cret@h/db', 'postgres://u:***@h/db'],
    ['postgres://u:s3#cr?et@h/db', 'postgres://u:***@h/db'],
    ['postgres://u:s3@cret@h/db', 'postgres://u:***@h/db'],
    ['"postgres://u:s3\\"cret@h/db"', '"postgres://u:***@h/db"'],
    ['host=h password=s3cret dbname=x', 'host=h password=*** dbname=x'],
    ["host=h password='s3 cret' dbname=x", 'host=h password=*** dbname=x'],
    ['PGPASSWORD=s3cret psql', 'PGPASSWORD=*** psql'],
  ])('hides the password in %j', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(redactSecrets(text)).not.toContain(SECRET.slice(0, 4));
  });

  it.each([
    'postgres://postgres@127.0.0.1:5432/orcastrate',
    'http://localhost:8233/namespaces/default/workflows',
    'temporal.example.org:7233',
    'user@example.org wrote: ok',
  ])('leaves %j alone (no password in it)', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('describes an AggregateError with an empty message by its parts', () => {
    const parts = ['::1', '127.0.0.1'].map((host) =>
      Object.assign(new Error(`connect ECONNREFUSED ${host}:5432`), { code: 'ECONNREFUSED' }),
    );
    expect(describeError(new AggregateError(parts, ''))).toBe(
      'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(describeError(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(describeError('postgres://u:s3cret@h/db')).toBe('postgres://u:***@h/db');
  });
});

describe('configuration errors name the variable and never print a password', () => {
  it.each([
    ['a non-postgres scheme', 'mysql://postgres:s3cret@127.0.0.1/x', /expected a postgres:\/\//],
    ['a port above 65535', 'postgres://postgres:s3cret@h:99999/db', /port is outside 1-65535/],
    ['port 0', 'postgres://postgres:s3cret@h:0/db', /port is outside 1-65535/],
    ['a port that is not a number', 'postgres://postgres:s3cret@h:abc/db', /port .*is not a number/],
    ['no database name', 'postgres://postgres:s3cret@h:5432', /no database name/],
    ['no database name (trailing slash)', 'postgres://postgres:s3cret@h:5432/', /no database name/],
    ['an unencoded / in the password', 'postgres://u:s3/cret@h/db', /percent-encode/],
    ['an unencoded # in the password', 'postgres://u:12#s3cret@h/db', /percent-encode/],
  ])('DATABASE_URL with %s', (_, value, reason) => {
    const message = configProblem({ DATABASE_URL: value });
    expect(message).toMatch(/DATABASE_URL="postgres|DATABASE_URL="mysql/);
    expect(message).toMatch(reason);
    expect(message).toContain(':***@');
    expect(message).not.toMatch(/s3|cret|12#/);
    expect(message).not.toMatch(/Invalid URL/);
  });

  it.each([
    'postgres://u:p@h:5432/db',
    'postgresql://u@[::1]:5432/db',
    'postgres:///orcastrate?host=/var/run/postgresql',
    'postgres://u:p@/orcastrate',
    'postgres://u:p%2Fq%23r@h/db',
  ])('accepts the valid DATABASE_URL %j', (value) => {
    expect(loadConfig({ DATABASE_URL: value }).databaseUrl).toBe(value);
  });

  it.each([
    ['h:99999', /port is outside 1-65535/],
    ['h:0', /port is outside 1-65535/],
    ['h:', /port .*is not a number/],
    ['no-port', /expected host:port/],
  ])('TEMPORAL_ADDRESS=%j is refused with its variable named', (value, reason) => {
    const message = configProblem({ TEMPORAL_ADDRESS: value });
    expect(message).toContain(`TEMPORAL_ADDRESS=${JSON.stringify(value)}`);
    expect(message).toMatch(reason);
  });

  it.each(['127.0.0.1:7233', '[::1]:7233', 'temporal_frontend:7233', 'ns.tmprl.cloud:7233'])(
    'accepts TEMPORAL_ADDRESS=%j',
    (value) => {
      expect(loadConfig({ TEMPORAL_ADDRESS: value }).temporal.address).toBe(value);
    },
  );

  it('redacts whatever a ConfigError is built from', () => {
    const error = new ConfigError(['X=postgres://u:s3cret@h/db: no']);
    expect(error.message).not.toContain(SECRET);
    expect(error.problems).toEqual(['X=postgres://u:***@h/db: no']);
  });
});

describe('TLS files are checked by variable', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-tls-'));
  const pem = path.join(dir, 'ok.pem');
  writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const empty = path.join(dir, 'empty.pem');
  writeFileSync(empty, '');
  const der = path.join(dir, 'client.der');
  writeFileSync(der, Buffer.from([0x30, 0x82, 0x01, 0x0a]));

  it('names each bad file with its variable, path and what is wrong, all at once', async () => {
    const attempt = tlsOptions({ caPath: path.join(dir, 'missing.pem'), certPath: dir, keyPath: empty });
    await expect(attempt).rejects.toThrow(ConfigError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toContain(`TEMPORAL_TLS_CA="${path.join(dir, 'missing.pem')}": the file does not exist`);
    expect(message).toContain(`TEMPORAL_TLS_CERT="${dir}": the file is a directory`);
    expect(message).toContain(`TEMPORAL_TLS_KEY="${empty}": the file is empty`);
    expect(message).not.toMatch(/ENOENT|EISDIR/);
  });

  it('refuses a file that is not PEM and a path through a regular file', async () => {
    const attempt = tlsOptions({ caPath: der, certPath: path.join(pem, 'x'), keyPath: pem });
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toContain(`TEMPORAL_TLS_CA="${der}": the file is not PEM`);
    expect(message).toContain('TEMPORAL_TLS_CERT=');
    expect(message).toMatch(/TEMPORAL_TLS_CERT="[^"]+": the file does not exist/);
  });

  it('says when a file is unreadable', async () => {
    const open = mkdtempSync(path.join(tmpdir(), 'orcastrate-tls-locked-'));
    chmodSync(open, 0o755);
    const locked = path.join(open, 'locked.pem');
    writeFileSync(locked, '-----BEGIN CERTIFICATE-----\n');
    chmodSync(locked, 0o000);
    if (process.getuid?.() !== 0) {
      await expect(tlsOptions({ caPath: locked })).rejects.toThrow(
        /TEMPORAL_TLS_CA=".*": the file is not readable/,
      );
      return;
    }
    // root reads through permission bits: check the built code as the unprivileged user nobody
    assertBuilt();
    const script = `require(${JSON.stringify(path.join(REPO_ROOT, 'dist/temporal/connection.js'))})
      .tlsOptions({ caPath: ${JSON.stringify(locked)} })
      .then(() => console.log('read it'), (error) => console.log(error.message));`;
    const output = execFileSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script],
      { encoding: 'utf8' },
    );
    expect(output).toMatch(/TEMPORAL_TLS_CA=".*": the file is not readable/);
  });

  it('reads good files into connection options', async () => {
    const pki = new TestPki();
    const ca = await pki.authority('ca');
    const client = await pki.leaf('client', ca, 'client');
    const options = await tlsOptions({
      caPath: ca.cert,
      certPath: client.cert,
      keyPath: client.key,
      serverName: 'x',
    });
    expect(options).toEqual({
      serverNameOverride: 'x',
      serverRootCACertificate: readFileSync(ca.cert),
      clientCertPair: { crt: readFileSync(client.cert), key: readFileSync(client.key) },
    });
  });
});

describe("the pool's idle-connection warning", () => {
  it('does not print a password that appears in the error', async () => {
    const pool = createPool('postgres://u:s3cret@127.0.0.1:1/db');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      pool.emit('error', new Error('lost postgres://u:s3cret@127.0.0.1:1/db'));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain('postgres://u:***@127.0.0.1:1/db');
      expect(String(warn.mock.calls[0]?.[0])).not.toContain(SECRET);
    } finally {
      warn.mockRestore();
      await pool.end();
    }
  });
});
