import * as path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('uses local defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/project', () => 'login01.cluster');
    expect(config).toEqual({
      temporal: {
        address: '127.0.0.1:7233',
        namespace: 'default',
        taskQueue: 'orcastrate',
        hostTaskQueue: 'orcastrate@login01.cluster',
        tls: undefined,
      },
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/orcastrate',
      dataRoot: path.resolve('/srv/project/.data/campaigns'),
      workerHost: 'login01.cluster',
    });
  });

  it('reads every variable and treats empty values as unset', () => {
    const config = loadConfig(
      {
        TEMPORAL_ADDRESS: 'temporal.example.org:7233',
        TEMPORAL_NAMESPACE: 'chem',
        TEMPORAL_TLS_CERT: '/certs/client.pem',
        TEMPORAL_TLS_KEY: '/certs/client.key',
        TEMPORAL_TLS_CA: '/certs/ca.pem',
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
        ORCASTRATE_TASK_QUEUE: 'cluster-a',
        DATABASE_URL: 'postgresql://user:pw@db:5432/orca',
        ORCASTRATE_DATA_ROOT: 'runs',
        ORCASTRATE_WORKER_HOST: 'login-2',
        TEMPORAL_TLS: '',
      },
      '/home/chem',
      () => 'ignored-when-the-variable-is-set',
    );
    expect(config.workerHost).toBe('login-2');
    expect(config.temporal).toEqual({
      address: 'temporal.example.org:7233',
      namespace: 'chem',
      taskQueue: 'cluster-a',
      hostTaskQueue: 'cluster-a@login-2',
      tls: {
        caPath: '/certs/ca.pem',
        certPath: '/certs/client.pem',
        keyPath: '/certs/client.key',
        serverName: 'temporal.internal',
      },
    });
    expect(config.databaseUrl).toBe('postgresql://user:pw@db:5432/orca');
    expect(config.dataRoot).toBe('/home/chem/runs');
  });

  it('turns on server-authenticated TLS with TEMPORAL_TLS alone', () => {
    expect(loadConfig({ TEMPORAL_TLS: 'true' }).temporal.tls).toEqual({
      caPath: undefined,
      certPath: undefined,
      keyPath: undefined,
      serverName: undefined,
    });
  });

  it.each([
    ['TEMPORAL_ADDRESS', 'no-port-here'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['DATABASE_URL', 'postgres://u@h:99999/db'],
    ['DATABASE_URL', 'postgres://u@h:abc/db'],
    ['DATABASE_URL', 'postgres://u@h:5432'],
    ['TEMPORAL_ADDRESS', 'h:99999'],
    ['TEMPORAL_TLS', 'maybe'],
    ['ORCASTRATE_TASK_QUEUE', 'has spaces'],
  ])('names %s when its value %j is bad', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`${variable}=`));
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ TEMPORAL_ADDRESS: 'x', DATABASE_URL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split('=')[0])).toEqual([
        'TEMPORAL_ADDRESS',
        'DATABASE_URL',
      ]);
    }
  });

  it('takes TEMPORAL_API_KEY_FILE as an absolute path that turns TLS on unless TEMPORAL_TLS=false', () => {
    const withKey = loadConfig({ TEMPORAL_API_KEY_FILE: 'secrets/temporal.key' }, '/home/chem');
    expect(withKey.temporal.apiKeyFile).toBe('/home/chem/secrets/temporal.key');
    expect(withKey.temporal.tls).toBeDefined();
    const plaintext = loadConfig({ TEMPORAL_API_KEY_FILE: '/k', TEMPORAL_TLS: 'false' });
    expect(plaintext.temporal.tls).toBeUndefined();
    expect(plaintext.temporal.apiKeyFile).toBe('/k');
    // a CA still means TLS, whatever TEMPORAL_TLS says (as before)
    expect(loadConfig({ TEMPORAL_TLS_CA: '/ca.pem', TEMPORAL_TLS: 'false' }).temporal.tls).toBeDefined();
    expect(loadConfig({}).temporal.apiKeyFile).toBeUndefined();
  });

  it('refuses half an mTLS pair', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/c.pem' })).toThrow(
      /TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY/,
    );
  });
});
