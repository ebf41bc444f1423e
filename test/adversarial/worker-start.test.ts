import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { BUILT_CLI, runNode, uniquePassword, withPassword } from './support';

// Everyday start-up mistakes other than the data root: each must end the worker with a message
// naming the variable, and never print the DATABASE_URL password.
describe('worker start with a bad Temporal setting', () => {
  const state = readHarnessState();
  const password = uniquePassword();
  const worker = (extra: Record<string, string>) =>
    runNode(
      BUILT_CLI,
      ['worker'],
      {
        TEMPORAL_ADDRESS: state.temporalAddress,
        TEMPORAL_NAMESPACE: state.temporalNamespace,
        DATABASE_URL: withPassword(state.databaseUrl, password),
        ORCASTRATE_DATA_ROOT: path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-start-')), 'campaigns'),
        ORCASTRATE_TASK_QUEUE: 'adversarial-worker-start',
        ...extra,
      },
      30_000,
    );

  beforeAll(assertBuilt);

  it('names TEMPORAL_TLS_CA and the path when the CA file is missing', async () => {
    const missing = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-tls-')), 'no-such-ca.pem');
    const run = await worker({ TEMPORAL_TLS_CA: missing });
    expect(run.killed).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`TEMPORAL_TLS_CA=${JSON.stringify(missing)}: the file does not exist`);
    expect(run.stdout + run.stderr).not.toContain(password);
  });

  it('names TEMPORAL_ADDRESS when nothing listens there', async () => {
    const run = await worker({ TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(run.killed).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot connect to Temporal at TEMPORAL_ADDRESS=127.0.0.1:1');
    expect(run.stdout + run.stderr).not.toContain(password);
  });

  // Worker.create fails and leaves the SDK's workflow threads behind: the process used to stay up.
  it('names TEMPORAL_NAMESPACE and exits when the namespace does not exist', async () => {
    const run = await worker({ TEMPORAL_NAMESPACE: 'no-such-namespace' });
    console.log(`worker with an unknown namespace: exit ${run.code} after ${run.elapsedMs} ms`);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot start the worker (TEMPORAL_NAMESPACE=no-such-namespace');
    expect(run.stdout + run.stderr).not.toContain(password);
  });
});
