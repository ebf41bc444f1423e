import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../src/config';
import { freePort } from '../../src/dev-server';
import type { JobSpec } from '../../src/schedulers';
import { renderLocalScript } from '../../src/schedulers/local-script';
import { REPORT_CURL_MAX_TIME_SECONDS, REPORT_CURL_TRIES } from '../../src/schedulers/report-hook';
import { readApiKey } from '../../src/temporal/api-key';
import { assertBuilt } from '../harness/processes';
import { readHarnessState } from '../harness/state';
import { BUILT_CLI, runNode } from './support';

/** The longest the curl hook may take: every try at its limit, plus the pauses between tries. */
const HOOK_BOUND_MS = (REPORT_CURL_TRIES * REPORT_CURL_MAX_TIME_SECONDS + REPORT_CURL_TRIES) * 1000;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** A job script whose program exits 42, reporting to `env`'s server with the real curl. */
async function runJob(env: Record<string, string>): Promise<Ran> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-hook-fault-')));
  const dir = path.join(root, 'job');
  mkdirSync(dir);
  const spec: JobSpec = {
    name: 'oc.c.j.a1',
    campaignRoot: root,
    workingDir: 'job',
    cores: 1,
    memoryMb: 100,
    walltimeSeconds: 60,
    command: ['/bin/sh', '-c', 'exit 42'],
    outputFile: 'job.out',
    attempt: 1,
    env,
    // no orcastrate: a fallback would show up as a warning about it
    report: { workflowId: 'fault-campaign/row-000000' },
  };
  const file = path.join(dir, 'job.sh');
  writeFileSync(file, renderLocalScript(spec, dir));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/bash', [file], {
      env: { PATH: '/usr/bin:/bin' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, elapsedMs: Date.now() - started }));
  });
}

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ server: Server; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port };
}

describe('the curl completion hook against servers that refuse, stay silent or speak no TLS', () => {
  it('a refused connection: tries again, warns, and the job keeps its exit code', async () => {
    const ran = await runJob({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    expect(ran.code).toBe(42);
    expect(ran.stderr).toMatch(/could not report to fault-campaign\/row-000000 via curl: curl: \(7\)/);
    // the same server behind another path would refuse too: no fallback
    expect(ran.stderr.match(/WARNING/g)).toHaveLength(1);
    expect(ran.elapsedMs).toBeLessThan(HOOK_BOUND_MS);
  });

  it(
    'a server that accepts and never answers: every try ends at its time limit',
    async () => {
      const { server, port } = await silentServer();
      try {
        const ran = await runJob({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
        expect(ran.code).toBe(42);
        expect(ran.stderr).toContain(`curl: (28) Operation timed out after ${REPORT_CURL_MAX_TIME_SECONDS}`);
        expect(ran.elapsedMs).toBeGreaterThanOrEqual(REPORT_CURL_TRIES * REPORT_CURL_MAX_TIME_SECONDS * 1000);
        expect(ran.elapsedMs).toBeLessThan(HOOK_BOUND_MS + 5_000);
      } finally {
        server.close();
      }
    },
    HOOK_BOUND_MS + 30_000,
  );

  it('TLS against the plaintext dev server, and an unknown workflow: a warning each, the exit code kept', async () => {
    const { temporalAddress, temporalNamespace } = readHarnessState();
    const tls = await runJob({ TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_TLS: 'true' });
    expect(tls.code).toBe(42);
    expect(tls.stderr).toMatch(/via curl: curl: \(35\)/);
    const unknown = await runJob({
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: temporalNamespace,
    });
    expect(unknown.code).toBe(42);
    expect(unknown.stderr).toContain(
      'via curl: gRPC status 5: workflow not found for ID: fault-campaign/row-000000.',
    );
  });
});

describe('TEMPORAL_API_KEY_FILE problems are named, the key never shown', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'orcastrate-api-key-'));
  const file = (name: string, content: string) => {
    const full = path.join(dir, name);
    writeFileSync(full, content);
    return full;
  };

  it('reads the first line, without CR', async () => {
    expect(await readApiKey(file('good', 'abc.DEF-123_~+/=\r\nsecond line\n'))).toBe('abc.DEF-123_~+/=');
    expect(await readApiKey(undefined)).toBeUndefined();
  });

  it.each([
    ['missing', path.join(dir, 'nope'), 'the file does not exist'],
    ['a directory', dir, 'the file is a directory'],
    ['empty', 'EMPTY', "the file's first line must be the API key alone"],
    ['two words', 'TWO', "the file's first line must be the API key alone"],
  ])('refuses a key file that is %s', async (_label, which, reason) => {
    const target =
      which === 'EMPTY'
        ? file('empty', '')
        : which === 'TWO'
          ? file('two', 'secret-part other-part\n')
          : which;
    const attempt = readApiKey(target);
    await expect(attempt).rejects.toThrow(ConfigError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).toContain(`TEMPORAL_API_KEY_FILE=${JSON.stringify(target)}: ${reason}`);
    expect(message).not.toContain('secret-part');
  });

  it('stops the CLI before it connects, naming the variable', async () => {
    assertBuilt();
    const { temporalAddress, databaseUrl } = readHarnessState();
    const finished = await runNode(BUILT_CLI, ['probe'], {
      TEMPORAL_ADDRESS: temporalAddress,
      DATABASE_URL: databaseUrl,
      TEMPORAL_API_KEY_FILE: path.join(dir, 'absent-key'),
    });
    expect(finished.code).toBe(1);
    expect(finished.stderr).toContain(
      `TEMPORAL_API_KEY_FILE="${path.join(dir, 'absent-key')}": the file does not exist`,
    );
  });
});
