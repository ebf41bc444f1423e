import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { reportEnvironment } from '../../src/jobs/report-environment';
import { renderLocalScript } from '../../src/schedulers/local-script';
import { REPORT_IDENTITY_PREFIX } from '../../src/schedulers/report-hook';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { campaign } from '../../src/workflows';
import { jobsOf } from '../crash/support';
import { WorkerProcess, assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { connectTestClient, uniqueTaskQueue } from '../harness/temporal';
import { attemptReportsOf } from './job-workflows';
import { campaignInput, writeCampaignCsv } from './support';

/** What job scripts, the local runner's wrapper and the hook need; no node, no temporal. */
const COMPUTE_NODE_COMMANDS = [
  'bash',
  'sh',
  'curl',
  'cat',
  'cp',
  'date',
  'find',
  'mkdir',
  'mktemp',
  'mv',
  'rm',
  'sleep',
];

/** A directory of links to exactly these commands (system ones by name, others by path), for PATH. */
function pathOf(commands: (string | [string, string])[]): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-compute-node-')), 'bin');
  mkdirSync(dir);
  for (const command of commands) {
    const [name, target] = typeof command === 'string' ? [command, systemCommand(command)] : command;
    symlinkSync(target, path.join(dir, name));
  }
  return dir;
}

function systemCommand(name: string): string {
  const found = ['/usr/bin', '/bin'].map((d) => path.join(d, name)).find((file) => existsSync(file));
  if (!found) throw new Error(`${name} not found in /usr/bin or /bin`);
  return found;
}

/**
 * The job's program: first three bogus attemptReport signals (an attempt that does not exist, a
 * malformed report, not even an object) through the temporal CLI by its absolute path, then the
 * simulator run by node's absolute path. The job script's own hook has neither on its PATH.
 */
function bogusReportingSimulator(temporalCli: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-bogus-')), 'orca.sh');
  writeFileSync(
    file,
    [
      '#!/bin/bash',
      'bogus() {',
      `  '${temporalCli}' workflow signal --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" \\`,
      '    --workflow-id "$ORCASTRATE_REPORT_WORKFLOW_ID" --name attemptReport --identity bogus-reporter \\',
      '    --input "$1" >/dev/null 2>&1 || echo "bogus signal not sent: $1" >&2',
      '}',
      `bogus '{"attempt":99,"exitCode":0}'`,
      `bogus '{"attempt":'"$ORCASTRATE_ATTEMPT"',"exitCode":"zero"}'`,
      `bogus '"garbage"'`,
      `exec '${process.execPath}' '${path.join(REPO_ROOT, 'bin/orcasim')}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

// Issue 14, item 1: a job's end reaches its workflow through curl alone.
describe('job scripts report through curl on a compute node with only bash, curl and coreutils', () => {
  const state = readHarnessState();
  const taskQueue = uniqueTaskQueue('curl-report');
  const dataRoot = path.join(realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-curl-'))), 'campaigns');
  let worker: WorkerProcess;
  let client: Client;

  beforeAll(async () => {
    assertBuilt();
    worker = new WorkerProcess({
      temporalAddress: state.temporalAddress,
      databaseUrl: state.databaseUrl,
      taskQueue,
      dataRoot,
      // the worker hands its PATH to the jobs: the local runner's jobs see only these commands
      env: { PATH: pathOf(COMPUTE_NODE_COMMANDS), ORCASIM_CYCLE_DELAY_MS: '50' },
    });
    await worker.start();
    client = await connectTestClient();
  });
  afterAll(async () => {
    await worker?.stop();
    await client?.connection.close();
  });

  it("delivers every attempt's report with the curl identity; bogus reports change nothing", async () => {
    const campaignId = `curl-${randomUUID().slice(0, 8)}`;
    const csv = writeCampaignCsv(['', 'scf-not-converged attempts=1', '']);
    const input = campaignInput(csv, {
      // the poller must not beat the report to the job's end: it would close the job first
      pollIntervalSeconds: 30,
      graceMinutes: 1,
    });
    const summary = await client.workflow.execute(campaign, {
      taskQueue,
      workflowId: campaignId,
      args: [{ ...input, orca: { ...input.orca, executable: bogusReportingSimulator(state.temporalCli) } }],
    });
    expect(summary.counts).toMatchObject({ completed: 3, failed: 0, timeout: 0 });
    const jobs = await jobsOf(campaignId);
    expect(jobs.map((job) => [job.status, job.attempts])).toEqual([
      ['completed', 1],
      ['completed', 2],
      ['completed', 1],
    ]);

    for (const job of jobs) {
      const reports = await attemptReportsOf(client, `${campaignId}/${job.job_id}`);
      const real = reports.filter((r) => r.identity !== 'bogus-reporter');
      expect(real.map((r) => r.identity)).toEqual(
        Array.from({ length: job.attempts }, (): unknown =>
          expect.stringMatching(/^orcastrate-hook-curl@\S+$/),
        ),
      );
      expect(real.map((r) => (r.report as { attempt: number }).attempt)).toEqual(
        Array.from({ length: job.attempts }, (_, i) => i + 1),
      );
      expect(real.every((r) => r.identity.startsWith(REPORT_IDENTITY_PREFIX.curl))).toBe(true);
      // the bogus ones arrived too (they were sent), and were ignored: every job ended by its real report
      expect(reports.filter((r) => r.identity === 'bogus-reporter')).toHaveLength(3 * job.attempts);
    }

    const logs = readdirSync(path.join(dataRoot, campaignId), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /^orcastrate-.*\.log$/.test(entry.name))
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
    expect(logs).toHaveLength(4);
    for (const log of logs) {
      expect(log).toMatch(/orcastrate report: attempt \d of \S+ reported \(exit \d+\) via curl/);
      expect(log).not.toMatch(/WARNING|bogus signal not sent/);
    }
  }, 120_000);
});

describe('the hook on each path, against the real server, with an API key file', () => {
  const state = readHarnessState();
  let client: Client;
  beforeAll(async () => {
    assertBuilt();
    client = await connectTestClient();
  });
  afterAll(() => client?.connection.close());

  it('curl, else the temporal CLI, else orcastrate report: each delivers, and signs, its report', async () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-hook-paths-')));
    const workflowId = `paths-${randomUUID().slice(0, 8)}/row-000000`;
    // a job workflow nobody runs stays open and takes signals
    const handle = await client.workflow.start('orcaJob', {
      taskQueue: uniqueTaskQueue('nobody'),
      workflowId,
      args: [],
    });
    const keyFile = path.join(root, 'api-key');
    writeFileSync(keyFile, 'not-checked-by-the-dev-server\n');
    // what a worker with an API key and TEMPORAL_TLS=false gives its jobs (the dev server speaks plaintext)
    const env = reportEnvironment(
      loadConfig({
        TEMPORAL_ADDRESS: state.temporalAddress,
        TEMPORAL_NAMESPACE: state.temporalNamespace,
        TEMPORAL_API_KEY_FILE: keyFile,
        TEMPORAL_TLS: 'false',
      }),
    );
    const paths: [string, (string | [string, string])[]][] = [
      ['via curl', ['curl']],
      ['via the temporal CLI', [['temporal', state.temporalCli], 'timeout']],
      ['', [['node', process.execPath], 'timeout']],
    ];
    try {
      for (const [index, [says, commands]] of paths.entries()) {
        const attempt = index + 1;
        const dir = path.join(root, `attempt-${attempt}`);
        mkdirSync(dir);
        const file = path.join(dir, 'job.sh');
        const spec = {
          name: `oc.paths.row.a${attempt}`,
          campaignRoot: root,
          workingDir: `attempt-${attempt}`,
          cores: 1,
          memoryMb: 100,
          walltimeSeconds: 60,
          command: ['/bin/sh', '-c', 'exit 5'],
          outputFile: 'job.out',
          attempt,
          env,
          report: { workflowId, orcastrateBin: path.join(REPO_ROOT, 'bin/orcastrate') },
        };
        writeFileSync(file, renderLocalScript(spec, dir));
        const ran = await runBash(file, { PATH: pathOf(commands), HOME: root });
        expect(ran.code).toBe(5);
        expect(ran.stdout).toContain(
          `attempt ${attempt} of ${workflowId} reported (exit 5)${says ? ` ${says}` : ''}`,
        );
        expect(ran.stderr).not.toContain('WARNING');
      }
      const reports = await attemptReportsOf(client, workflowId);
      expect(reports).toEqual([
        {
          identity: expect.stringMatching(/^orcastrate-hook-curl@/) as unknown,
          report: { attempt: 1, exitCode: 5 },
        },
        {
          identity: expect.stringMatching(/^orcastrate-hook-cli@/) as unknown,
          report: { attempt: 2, exitCode: 5 },
        },
        {
          identity: expect.stringMatching(/^orcastrate-hook-node@/) as unknown,
          report: { attempt: 3, exitCode: 5 },
        },
      ]);
    } finally {
      await handle.terminate('test over');
    }
  }, 60_000);
});

function runBash(
  file: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/bash', [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
