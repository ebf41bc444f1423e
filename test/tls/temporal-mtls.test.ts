import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { REPORT_IDENTITY_PREFIX } from '../../src/schedulers/report-hook';
import { campaignStatusQuery } from '../../src/workflows/messages';
import { BUILT_WORKER, runNode, type Finished } from '../adversarial/support';
import { attemptReportsOf } from '../campaign/job-workflows';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { jobsOf } from '../crash/support';
import { WorkerProcess, assertBuilt, waitFor } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { uniqueTaskQueue } from '../harness/temporal';
import { connectWith, orcastrateTlsEnv, pemBodyLines, startMtlsStack, type MtlsStack } from './mtls-stack';

const run = promisify(execFile);
const ORCASTRATE = path.join(REPO_ROOT, 'bin/orcastrate');
const TEMPORAL_CLI = path.join(REPO_ROOT, '.tools/bin/temporal');

/** A campaign input file for `orcastrate start --input`, next to its CSV. */
function writeInput(csv: string, overrides: Parameters<typeof campaignInput>[1] = {}): string {
  const file = path.join(path.dirname(csv), 'input.json');
  writeFileSync(file, JSON.stringify(campaignInput(csv, overrides)));
  return file;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

// Issue 13, item 5: orcastrate against a Temporal server that requires TLS and client certificates.
describe('Temporal TLS with client certificates (production server, requireClientAuth)', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('mtls');
  const dataRoot = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-mtls-')), 'campaigns');
  let stack: MtlsStack;
  let worker: WorkerProcess | undefined;
  let campaignId: string | undefined;

  /** What the worker and the CLI need besides TLS. */
  const baseEnv = () => ({
    TEMPORAL_ADDRESS: stack.server.address,
    TEMPORAL_NAMESPACE: 'default',
    DATABASE_URL: state.databaseUrl,
    ORCASTRATE_TASK_QUEUE: taskQueue,
    ORCASTRATE_DATA_ROOT: dataRoot,
  });
  const orcastrate = (args: string[], tls: Record<string, string>, deadlineMs = 40_000) =>
    runNode(ORCASTRATE, args, { ...baseEnv(), ...tls }, deadlineMs);

  beforeAll(async () => {
    assertBuilt();
    const started = Date.now();
    stack = await startMtlsStack(state.databaseUrl);
    console.log(`mTLS Temporal server up on ${stack.server.address} in ${Date.now() - started} ms`);
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await stack?.server.stop();
  }, 60_000);

  it("runs the server's own system worker through its frontend under mTLS", async () => {
    const pollers = await waitFor(
      'the per-namespace system worker polling',
      () =>
        connectWith(stack, stack.cli, async (connection) => {
          const { pollers: found } = await connection.workflowService.describeTaskQueue({
            namespace: 'default',
            taskQueue: { name: 'temporal-sys-per-ns-tq' },
            taskQueueType: 1, // workflow tasks
          });
          return found?.length ? found : undefined;
        }),
      60_000,
      1_000,
    );
    expect(pollers.map((poller) => poller.identity)).toContainEqual(
      expect.stringMatching(/^temporal-system@/),
    );
  });

  it('refuses plaintext, no client certificate and a certificate of another CA; orcastrate names what to set', async () => {
    const { worker: workerCert, rogue, clientCa } = stack;
    const runWorker = (tls: Record<string, string>) =>
      runNode(BUILT_WORKER, [], { ...baseEnv(), ...tls }, 40_000);
    const input = writeInput(writeCampaignCsv(['']));
    const startCli = (tls: Record<string, string>) =>
      orcastrate(['start', '--campaign', 'refused', '--input', input], tls);
    const [plain, noCert, rogueCert, wrongCa, wrongName, cliPlain, cliNoCert, cliRogue] = await Promise.all([
      runWorker({}),
      runWorker(orcastrateTlsEnv(stack, undefined)),
      runWorker(orcastrateTlsEnv(stack, rogue)),
      runWorker({ ...orcastrateTlsEnv(stack, workerCert), TEMPORAL_TLS_CA: clientCa.cert }),
      runWorker({ ...orcastrateTlsEnv(stack, workerCert), TEMPORAL_TLS_SERVER_NAME: 'temporal.example' }),
      startCli({}),
      startCli(orcastrateTlsEnv(stack, undefined)),
      startCli(orcastrateTlsEnv(stack, rogue)),
    ]);
    const refused = (finished: Finished) => {
      expect(finished.killed).toBe(false);
      expect(finished.code).toBe(1);
      expect(finished.stderr).toContain(
        `cannot connect to Temporal at TEMPORAL_ADDRESS=${stack.server.address}`,
      );
      return finished.stderr;
    };
    const mtlsHint = 'set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY';
    for (const plaintext of [plain, cliPlain]) {
      expect(refused(plaintext)).toContain(
        'the server speaks TLS but orcastrate connected in plaintext: set TEMPORAL_TLS=true',
      );
      expect(plaintext.stderr).toContain('it requires a client certificate (mTLS)');
    }
    for (const missing of [noCert, cliNoCert]) {
      expect(refused(missing)).toContain(
        `the server requires a client certificate (mTLS; TLS alert: certificate required): ${mtlsHint}`,
      );
    }
    for (const untrusted of [rogueCert, cliRogue]) {
      expect(refused(untrusted)).toContain(
        `the server refused the client certificate TEMPORAL_TLS_CERT=${JSON.stringify(rogue.cert)} (TLS alert: unknown ca): it is not signed by a CA the server trusts for clients`,
      );
    }
    expect(refused(wrongCa)).toContain(
      `the server's certificate is not signed by the CA in TEMPORAL_TLS_CA=${JSON.stringify(clientCa.cert)}`,
    );
    expect(refused(wrongName)).toContain(
      "the server's certificate is not valid for TEMPORAL_TLS_SERVER_NAME=temporal.example",
    );
    const elapsed = [plain, noCert, rogueCert, wrongCa, wrongName, cliPlain, cliNoCert, cliRogue].map(
      (f) => f.elapsedMs,
    );
    console.log(`refusals (worker ×5, CLI ×3) took ${elapsed.join(', ')} ms`);
  }, 90_000);

  it('a worker on TLS paths relative to its directory runs a campaign started by `orcastrate start`; every job reports itself', async () => {
    worker = new WorkerProcess({
      temporalAddress: stack.server.address,
      namespace: 'default',
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot,
      env: { ...orcastrateTlsEnv(stack, stack.worker, true), ORCASIM_CYCLE_DELAY_MS: '100' },
    });
    await worker.start();
    expect(orcastrateTlsEnv(stack, stack.worker, true).TEMPORAL_TLS_KEY).not.toMatch(/^\//);

    campaignId = `mtls-${randomUUID().slice(0, 8)}`;
    const csv = writeCampaignCsv(['', '', 'scf-not-converged attempts=1', '']);
    const inputFile = writeInput(csv, { closeAfterHours: 1 });
    const start = await orcastrate(
      ['start', '--campaign', campaignId, '--input', inputFile],
      orcastrateTlsEnv(stack, stack.cli),
    );
    expect(start.stderr).toBe('');
    expect(start.stdout).toContain(`campaign ${campaignId} started: workflow id ${campaignId}`);
    expect(start.code).toBe(0);

    const settled = await connectWith(stack, stack.cli, async (connection) => {
      const handle = new Client({ connection }).workflow.getHandle(campaignId!);
      return waitFor(
        'the campaign to settle',
        async () => {
          const status = await handle.query(campaignStatusQuery);
          return status.phase === 'settled' ? status : undefined;
        },
        90_000,
        500,
      );
    });
    expect(settled.counts).toMatchObject({ completed: 4, failed: 0, timeout: 0 });
    const jobs = await jobsOf(campaignId);
    expect(jobs.map((job) => [job.status, job.attempts])).toEqual([
      ['completed', 1],
      ['completed', 1],
      ['completed', 2],
      ['completed', 1],
    ]);

    // The hook of every attempt signalled its job workflow (the poller alone would also finish them),
    // through curl with the CA, client certificate and server name of the worker's TLS settings.
    const reports = await connectWith(stack, stack.cli, async (connection) => {
      const client = new Client({ connection });
      return Promise.all(
        jobs.map(async (job) =>
          (await attemptReportsOf(client, `${campaignId}/${job.job_id}`)).map((r) => r.identity),
        ),
      );
    });
    expect(reports.map((identities) => identities.length)).toEqual([1, 1, 2, 1]);
    expect(reports.flat().every((identity) => identity.startsWith(REPORT_IDENTITY_PREFIX.curl))).toBe(true);

    const campaignFiles = filesUnder(path.join(dataRoot, campaignId));
    const logs = campaignFiles.filter((file) => /orcastrate-.*\.log$/.test(file));
    const scripts = campaignFiles.filter((file) => /orcastrate-.*\.sh$/.test(file));
    expect(logs).toHaveLength(5);
    expect(scripts).toHaveLength(5);
    for (const log of logs) {
      const text = readFileSync(log, 'utf8');
      expect(text).toMatch(/orcastrate report: attempt \d of \S+ reported \(exit \d+\) via curl/);
      expect(text).not.toContain('could not report');
    }
    // Job scripts carry the paths (made absolute: the hook runs in the job's directory), never keys.
    const keyLines = pemBodyLines(stack.worker.key);
    for (const file of [...scripts, ...logs, worker.logFile]) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('PRIVATE KEY');
      for (const line of keyLines) expect(text).not.toContain(line);
    }
    for (const script of scripts) {
      expect(readFileSync(script, 'utf8')).toContain(`export TEMPORAL_TLS_KEY='${stack.worker.key}'`);
    }
  }, 150_000);

  it('`orcastrate status` and the temporal CLI reach the campaign with the CLI certificate', async () => {
    expect(campaignId).toBeDefined();
    const status = await orcastrate(['status', campaignId!], orcastrateTlsEnv(stack, stack.cli));
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/completed\s+4\s+100\.0%/);
    expect(status.stdout).toContain('phase settled');
    expect(status.stdout).not.toContain('not reachable');

    const { stdout } = await run(
      TEMPORAL_CLI,
      [
        'workflow',
        'list',
        '--address',
        stack.server.address,
        '--namespace',
        'default',
        '--tls-ca-path',
        stack.serverCa.cert,
        '--tls-cert-path',
        stack.cli.cert,
        '--tls-key-path',
        stack.cli.key,
        '--tls-server-name',
        'localhost',
        '--query',
        `OrcastrateCampaign="${campaignId}"`,
        '--output',
        'json',
      ],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() }, timeout: 30_000 },
    );
    const ids = (JSON.parse(stdout) as { execution: { workflowId: string } }[]).map(
      (w) => w.execution.workflowId,
    );
    expect(ids.sort()).toEqual(
      [campaignId, ...[0, 1, 2, 3].map((i) => `${campaignId}/row-00000${i}`)].sort(),
    );

    // without a client certificate the temporal CLI is refused too
    const refused = await run(
      TEMPORAL_CLI,
      [
        'workflow',
        'list',
        '--address',
        stack.server.address,
        '--tls-ca-path',
        stack.serverCa.cert,
        '--tls-server-name',
        'localhost',
      ],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() }, timeout: 30_000 },
    ).then(
      () => undefined,
      (error: Error & { stderr?: string }) => error.stderr ?? error.message,
    );
    // (its own words are "failed reaching server: ... broken pipe": the Go client hides the TLS alert)
    expect(refused).toMatch(/failed reaching server/);
  }, 90_000);
});
