import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { JobSpec } from '../../../src/schedulers';
import { renderLocalScript } from '../../../src/schedulers/local-script';
import { REPORT_CURL_MAX_TIME_SECONDS, REPORT_CURL_TRIES } from '../../../src/schedulers/report-hook';

const SignalRequest = temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
const HOSTILE_ID = `c'a"m$(touch pwned)\`x\`/row-é-${'long-'.repeat(40)}`;
const SIGNAL_PATH = '/temporal.api.workflowservice.v1.WorkflowService/SignalWorkflowExecution';

/**
 * Fake `curl`, `temporal` and `orcastrate` that record how they were called. The fake curl keeps its
 * arguments, its stdin (the request) and the content of every `-H @file` (the header files), then
 * prints FAKE_CURL_ANSWER and exits with FAKE_CURL_EXIT, as many times as it is called.
 */
function fakeTools(root: string): { bin: string; system: string; log: (name: string) => string } {
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  // the few system commands the script and the fakes use: no real curl, temporal or node
  const system = path.join(root, 'system');
  mkdirSync(system);
  for (const name of ['cat', 'sleep', 'timeout']) {
    const found = ['/usr/bin', '/bin'].map((dir) => path.join(dir, name)).find((file) => existsSync(file));
    if (!found) throw new Error(`${name} not found in /usr/bin or /bin`);
    symlinkSync(found, path.join(system, name));
  }
  const record = (name: string) => path.join(root, `${name}.log`);
  const write = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}`);
    chmodSync(path.join(bin, name), 0o755);
  };
  write(
    'curl',
    `n=$(( $(cat '${record('curl-calls')}' 2>/dev/null || echo 0) + 1 )); echo $n >'${record('curl-calls')}'
printf '%s\\n' "$@" >'${record('curl')}'
previous=''
for arg in "$@"; do
  if [ "$previous" = -H ] && [ "\${arg:0:1}" = @ ]; then cat "\${arg:1}" >>'${record('curl-header-files')}'; fi
  previous=$arg
done
cat >'${path.join(root, 'request.bin')}'
printf '%b' "\${FAKE_CURL_ANSWER:-HTTP/2 200 \\r\\ncontent-type: application/grpc\\r\\n\\r\\ngrpc-status: 0\\r\\n}"
exit "\${FAKE_CURL_EXIT:-0}"
`,
  );
  write(
    'temporal',
    `printf '%s\\n' "$@" "TEMPORAL_API_KEY=\${TEMPORAL_API_KEY:-}" >'${record('temporal')}'\n`,
  );
  write('orcastrate', `printf '%s\\n' "$@" >'${record('orcastrate')}'\n`);
  const log = (name: string) => (existsSync(record(name)) ? readFileSync(record(name), 'utf8') : '');
  return { bin, system, log };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, env: Record<string, string>): Promise<Run> {
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

describe('the completion hook of job scripts', () => {
  let root: string;
  let tools: ReturnType<typeof fakeTools>;
  let spec: JobSpec;

  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'orcastrate-hook-')));
    tools = fakeTools(root);
    spec = {
      name: 'oc.camp.j1.a2',
      campaignRoot: root,
      workingDir: 'jobs/j1',
      cores: 1,
      memoryMb: 1000,
      walltimeSeconds: 60,
      command: ['/bin/sh', '-c', 'echo out; exit 3'],
      outputFile: 'job.out',
      attempt: 2,
      env: { TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_NAMESPACE: 'chem' },
      report: { workflowId: 'camp/row-000001', orcastrateBin: path.join(tools.bin, 'orcastrate') },
    };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function script(change: Partial<JobSpec> = {}): string {
    const full = { ...spec, ...change };
    const dir = path.join(root, full.workingDir);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'job.sh');
    writeFileSync(file, renderLocalScript(full, dir));
    return file;
  }

  /** PATH: the fakes (minus `without`) and a few system commands. */
  function env(without: string[] = [], extra: Record<string, string> = {}): Record<string, string> {
    for (const name of without) rmSync(path.join(tools.bin, name), { force: true });
    return { PATH: `${tools.bin}:${tools.system}`, HOSTNAME: 'node17', ...extra };
  }

  function request() {
    const bytes = readFileSync(path.join(root, 'request.bin'));
    expect(bytes[0]).toBe(0); // gRPC frame: not compressed
    expect(bytes.readUInt32BE(1)).toBe(bytes.length - 5);
    return SignalRequest.decode(bytes.subarray(5));
  }

  it('sends one SignalWorkflowExecution with the attempt and exit code, by curl, as gRPC over HTTP/2', async () => {
    const result = await run(
      script({ report: { ...spec.report!, workflowId: HOSTILE_ID } }),
      env(['temporal']),
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(
      `orcastrate report: attempt 2 of ${HOSTILE_ID} reported (exit 3) via curl`,
    );
    expect(existsSync(path.join(root, 'jobs/j1/pwned'))).toBe(false);
    const sent = request();
    expect(sent.namespace).toBe('chem');
    expect(sent.workflowExecution?.workflowId).toBe(HOSTILE_ID); // longer than 127 bytes: a 2-byte length
    expect(sent.signalName).toBe('attemptReport');
    expect(sent.identity).toBe('orcastrate-hook-curl@node17');
    expect(sent.requestId).toMatch(/^report-2-node17-\d+-\d+$/);
    const payloads = sent.input?.payloads ?? [];
    expect(payloads).toHaveLength(1);
    expect(Buffer.from(payloads[0]!.metadata!.encoding!).toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payloads[0]!.data!).toString())).toEqual({ attempt: 2, exitCode: 3 });

    const args = tools.log('curl').split('\n');
    expect(args).toEqual(expect.arrayContaining(['--http2-prior-knowledge', '--data-binary', '@-']));
    expect(args[args.indexOf('--max-time') + 1]).toBe(String(REPORT_CURL_MAX_TIME_SECONDS));
    expect(args).toContain('temporal-namespace: chem');
    expect(args).toContain(`http://127.0.0.1:7233${SIGNAL_PATH}`);
    expect(tools.log('orcastrate')).toBe('');
  });

  it('passes TLS files by path: CA, client certificate (colon escaped for curl), key, server name', async () => {
    const tlsEnv = {
      ...spec.env,
      TEMPORAL_ADDRESS: '10.0.0.5:7233',
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_CA: '/etc/o/ca.pem',
      TEMPORAL_TLS_CERT: '/etc/o/client:1.pem',
      TEMPORAL_TLS_KEY: '/etc/o/client.key',
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example.org',
    };
    expect((await run(script({ env: tlsEnv }), env())).code).toBe(3);
    const args = tools.log('curl').split('\n');
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(args).toContain('--http2');
    expect(args).not.toContain('--http2-prior-knowledge');
    expect(after('--cacert')).toBe('/etc/o/ca.pem');
    expect(after('--cert')).toBe('/etc/o/client\\:1.pem');
    expect(after('--key')).toBe('/etc/o/client.key');
    expect(after('--connect-to')).toBe('temporal.example.org:7233:10.0.0.5:7233');
    expect(args).toContain(`https://temporal.example.org:7233${SIGNAL_PATH}`);
  });

  it('reads the API key from TEMPORAL_API_KEY_FILE into a header file: never an argument, the script or its log', async () => {
    const key = 'eyJhbGciOi.secret-KEY_value~42';
    const keyFile = path.join(root, 'api-key');
    writeFileSync(keyFile, `${key}\r\n`);
    const file = script({ env: { ...spec.env, TEMPORAL_API_KEY_FILE: keyFile } });
    const result = await run(file, env());
    expect(result.code).toBe(3);
    expect(tools.log('curl-header-files')).toBe(`authorization: Bearer ${key}\n`);
    expect(readFileSync(file, 'utf8')).toContain(`export TEMPORAL_API_KEY_FILE='${keyFile}'`);
    for (const text of [readFileSync(file, 'utf8'), tools.log('curl'), result.stdout, result.stderr]) {
      expect(text).not.toContain(key);
    }
  });

  it.each([
    ['a missing key file', null],
    ['a key with a space', 'two words'],
    ['an empty key file', ''],
  ])('refuses %s with a warning naming the variable, and keeps the exit code', async (_label, content) => {
    const keyFile = path.join(root, 'api-key');
    if (content !== null) writeFileSync(keyFile, content);
    const result = await run(script({ env: { ...spec.env, TEMPORAL_API_KEY_FILE: keyFile } }), env());
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `could not report to camp/row-000001 via curl: TEMPORAL_API_KEY_FILE=${keyFile} cannot be read`,
    );
    expect(tools.log('curl-calls')).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1); // the warning alone, no shell error
    if (content) expect(result.stderr).not.toContain(content);
  });

  it('retries a server that cannot be reached, then warns; it never falls back for it', async () => {
    const refused = {
      FAKE_CURL_EXIT: '7',
      FAKE_CURL_ANSWER: "curl: (7) Failed to connect to 127.0.0.1 port 7233: Couldn't connect to server",
    };
    const result = await run(script(), env([], refused));
    expect(result.code).toBe(3);
    expect(tools.log('curl-calls').trim()).toBe(String(REPORT_CURL_TRIES));
    expect(result.stderr).toContain('via curl: curl: (7) Failed to connect to 127.0.0.1 port 7233');
    expect(tools.log('temporal') + tools.log('orcastrate')).toBe('');
  });

  it("takes a gRPC error for an answer: one try, a warning with the server's words", async () => {
    const answer =
      'HTTP/2 200 \\r\\n\\r\\ngrpc-status: 5\\r\\ngrpc-message: workflow not found for ID: camp/row-000001\\r\\n';
    const result = await run(script(), env([], { FAKE_CURL_ANSWER: answer }));
    expect(result.code).toBe(3);
    expect(tools.log('curl-calls').trim()).toBe('1');
    expect(result.stderr).toContain('via curl: gRPC status 5: workflow not found for ID: camp/row-000001.');
  });

  it('falls back to the temporal CLI when curl cannot speak HTTP/2, and when there is no curl', async () => {
    const keyFile = path.join(root, 'api-key');
    writeFileSync(keyFile, 'the-key\n');
    const file = script({ env: { ...spec.env, TEMPORAL_API_KEY_FILE: keyFile } });
    const noHttp2 = await run(file, env([], { FAKE_CURL_EXIT: '2' }));
    expect(noHttp2.code).toBe(3);
    expect(noHttp2.stdout).toContain('reported (exit 3) via the temporal CLI');
    const args = tools.log('temporal').split('\n');
    expect(args.slice(0, 3)).toEqual(['workflow', 'signal', '--address']);
    expect(args[args.indexOf('--workflow-id') + 1]).toBe('camp/row-000001');
    expect(args[args.indexOf('--input') + 1]).toBe('{"attempt":2,"exitCode":3}');
    expect(args[args.indexOf('--identity') + 1]).toBe('orcastrate-hook-cli@node17');
    expect(args).toContain('--tls=false');
    // the key reaches the CLI in its environment only
    expect(args.filter((arg) => arg.includes('the-key'))).toEqual(['TEMPORAL_API_KEY=the-key']);

    rmSync(path.join(root, 'temporal.log'));
    const noCurl = await run(file, env(['curl']));
    expect(noCurl.code).toBe(3);
    expect(tools.log('temporal')).toContain('--workflow-id\ncamp/row-000001\n');
    expect(tools.log('orcastrate')).toBe('');
  });

  it('falls back to orcastrate report last, and when no Temporal address is given', async () => {
    const noTools = await run(script(), env(['curl', 'temporal']));
    expect(noTools.code).toBe(3);
    const expected = ['report', '--workflow-id', 'camp/row-000001', '--attempt', '2', '--exit-code', '3'];
    expect(tools.log('orcastrate').split('\n').slice(0, 7)).toEqual(expected);

    rmSync(path.join(root, 'orcastrate.log'));
    const noAddress = await run(script({ env: {} }), env());
    expect(noAddress.code).toBe(3);
    expect(tools.log('curl-calls') + tools.log('temporal')).toBe('');
    expect(tools.log('orcastrate').split('\n').slice(0, 7)).toEqual(expected);
  });

  it("warns when there is no way to report, and still exits with the program's code", async () => {
    const result = await run(
      script({ report: { workflowId: 'camp/row-000001' } }),
      env(['curl', 'temporal', 'orcastrate']),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no curl with HTTP/2, no temporal CLI and no orcastrate here');
  });
});
