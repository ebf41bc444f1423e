/**
 * What the completion hook costs a job, by path, in ONE run against one private Temporal dev server:
 * the same job script (program `/bin/true`) run N times with each PATH the hook can meet — curl; no
 * curl but the temporal CLI; neither but node (`orcastrate report`) — and once more with the hook
 * off, the baseline subtracted from the others. Each run is measured by GNU time (wall, user+sys
 * CPU of the script and everything it waited for, max RSS). Every report is checked in the job
 * workflow's history (count and identity). References in the same loop: one curl call alone, as the
 * hook's gRPC request and as a JSON POST to Temporal's HTTP API (for a workflow id without '/': the
 * HTTP API cannot reach ours).
 *
 *   npm run bench:hook [-- --reports 20] [--out bench/RESULTS-hook.md]
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { freePort, startDevServer, type RunningDevServer } from '../../src/dev-server';
import { renderLocalScript } from '../../src/schedulers/local-script';
import { REPORT_IDENTITY_PREFIX } from '../../src/schedulers/report-hook';
import { findTemporalCli } from '../../src/temporal/cli-binary';
import { ROOT } from '../suite/repo-paths';

// compiled under dist/bench-hook: the checkout's own files, found from the repository root
const ORCASTRATE_BIN = path.join(ROOT, 'bin/orcastrate');
process.env.TEMPORAL_CLI ??= path.join(ROOT, '.tools/bin/temporal');

const run = promisify(execFile);
const GNU_TIME = '/usr/bin/time';
const SignalRequest = temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;

/** The hook's request for `workflowId`, as one gRPC frame (what curl sends on its stdin). */
function grpcFrame(workflowId: string): Buffer {
  const message = SignalRequest.encode({
    namespace: 'default',
    workflowExecution: { workflowId },
    signalName: 'attemptReport',
    input: {
      payloads: [
        {
          metadata: { encoding: Buffer.from('json/plain') },
          data: Buffer.from('{"attempt":1,"exitCode":0}'),
        },
      ],
    },
    identity: 'bench-grpc-alone',
  }).finish();
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

interface Sample {
  wallS: number;
  cpuS: number;
  maxRssKb: number;
}

interface Path {
  name: string;
  /** commands on the job's PATH (linked into a directory of their own) */
  commands: Record<string, string>;
  identity?: string;
  report: boolean;
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

function which(name: string): string {
  const found = ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => path.join(d, name)).find(existsSync);
  if (!found) throw new Error(`${name} not found in /usr/bin, /bin or /usr/local/bin`);
  return found;
}

async function timed(command: string[], env: Record<string, string>): Promise<Sample & { stdout: string }> {
  const { stdout, stderr } = await run(GNU_TIME, ['-f', 'TIME %e %U %S %M', ...command], { env });
  const match = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(stderr);
  if (!match) throw new Error(`no GNU time line in: ${stderr}`);
  const [wall, user, sys, rss] = match.slice(1).map(Number) as [number, number, number, number];
  return { wallS: wall, cpuS: user + sys, maxRssKb: rss, stdout };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

async function main(): Promise<void> {
  const reports = Number(option('reports', '20'));
  const out = option('out', path.join(ROOT, 'bench/RESULTS-hook.md'));
  const cli = findTemporalCli();
  if (!cli) throw new Error('no temporal CLI: run `npm run setup`');
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is missing: apt-get install time`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'orcastrate-bench-hook-'));
  const [port, httpPort] = [await freePort(), await freePort()];
  let server: RunningDevServer | undefined;
  try {
    server = await startDevServer({
      cli,
      port,
      httpPort,
      dbFile: path.join(dir, 'temporal.sqlite'),
      logFile: path.join(dir, 'temporal.log'),
    });
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection });
    // job workflows nobody runs: they stay open and take signals
    const workflowId = 'bench-hook/row-000000';
    const plainId = 'bench-hook-row-000000';
    for (const id of [workflowId, plainId]) {
      await client.workflow.start('orcaJob', { taskQueue: 'bench-hook-nobody', workflowId: id, args: [] });
    }

    const campaignRoot = path.join(dir, 'data');
    mkdirSync(path.join(campaignRoot, 'job'), { recursive: true });
    const jobDir = path.join(campaignRoot, 'job');
    const script = path.join(jobDir, 'job.sh');
    const spec = {
      name: 'oc.bench.hook.a1',
      campaignRoot,
      workingDir: 'job',
      cores: 1,
      memoryMb: 100,
      walltimeSeconds: 60,
      command: ['/bin/true'],
      outputFile: 'job.out',
      attempt: 1,
      env: { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default' },
      report: { workflowId, orcastrateBin: ORCASTRATE_BIN },
    };
    writeFileSync(script, renderLocalScript(spec, jobDir));
    const unreported = path.join(jobDir, 'job-no-hook.sh');
    writeFileSync(unreported, renderLocalScript({ ...spec, report: undefined }, jobDir));

    const paths: Path[] = [
      { name: 'no hook (baseline)', commands: {}, report: false },
      {
        name: 'curl',
        commands: { curl: which('curl') },
        identity: REPORT_IDENTITY_PREFIX.curl,
        report: true,
      },
      {
        name: 'temporal workflow signal',
        commands: { temporal: cli, timeout: which('timeout') },
        identity: REPORT_IDENTITY_PREFIX.cli,
        report: true,
      },
      {
        name: 'node bin/orcastrate report',
        commands: { node: process.execPath, timeout: which('timeout') },
        identity: REPORT_IDENTITY_PREFIX.node,
        report: true,
      },
    ];
    // the references: one curl POST alone, as gRPC (the hook's request, prebuilt) and to the HTTP API's
    // JSON gateway (for a workflow id without '/')
    const requestFile = path.join(dir, 'request.bin');
    writeFileSync(requestFile, grpcFrame(workflowId));
    const grpcUrl = `http://${server.address}/temporal.api.workflowservice.v1.WorkflowService/SignalWorkflowExecution`;
    const grpcHeaders = ['-H', 'content-type: application/grpc', '-H', 'te: trailers'];
    const grpcArgs = ['-sS', '--http2-prior-knowledge', '-o', '/dev/null', ...grpcHeaders];
    const jsonUrl = `http://127.0.0.1:${httpPort}/api/v1/namespaces/default/workflows/${plainId}/signal/attemptReport`;
    const jsonBody = JSON.stringify({ input: [{ attempt: 1, exitCode: 0 }], identity: 'bench-http-json' });
    const jsonArgs = ['-sS', '-f', '-o', '/dev/null', '-H', 'content-type: application/json', '-d', jsonBody];
    const references: Record<string, string[]> = {
      'curl gRPC POST alone': [which('curl'), ...grpcArgs, '--data-binary', `@${requestFile}`, grpcUrl],
      'curl JSON POST to the HTTP API': [which('curl'), ...jsonArgs, jsonUrl],
    };

    const samples = new Map<string, Sample[]>();
    const envs = new Map<string, Record<string, string>>();
    for (const p of paths) {
      const bin = path.join(dir, `bin-${envs.size}`);
      mkdirSync(bin);
      for (const [name, target] of Object.entries(p.commands)) symlinkSync(target, path.join(bin, name));
      envs.set(p.name, { PATH: bin, HOME: dir, HOSTNAME: os.hostname() });
      samples.set(p.name, []);
    }
    for (const name of Object.keys(references)) samples.set(name, []);
    // interleaved, so that the machine's load drifts over every path alike
    for (let i = 0; i < reports; i++) {
      for (const p of paths) {
        const sample = await timed(['/bin/bash', p.report ? script : unreported], envs.get(p.name)!);
        if (p.report && !/reported \(exit 0\)/.test(sample.stdout)) {
          throw new Error(`${p.name}: the report did not go through: ${sample.stdout}`);
        }
        samples.get(p.name)!.push(sample);
      }
      for (const [name, command] of Object.entries(references)) {
        samples.get(name)!.push(await timed(command, { PATH: '/usr/bin:/bin' }));
      }
    }

    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const identities = events.flatMap((e) => {
      const identity = e.workflowExecutionSignaledEventAttributes?.identity;
      return identity ? [identity] : [];
    });
    for (const p of paths.filter((candidate) => candidate.identity)) {
      const count = identities.filter((identity) => identity.startsWith(p.identity!)).length;
      if (count !== reports)
        throw new Error(`${p.name}: ${count} signals in the history, expected ${reports}`);
    }
    await connection.close();

    const base = samples.get('no hook (baseline)')!;
    const baseWall = median(base.map((s) => s.wallS));
    const baseCpu = mean(base.map((s) => s.cpuS));
    const rows = paths.slice(1).map((p) => {
      const list = samples.get(p.name)!;
      return {
        name: p.name,
        wall: median(list.map((s) => s.wallS)) - baseWall,
        cpu: mean(list.map((s) => s.cpuS)) - baseCpu,
        rss: Math.max(...list.map((s) => s.maxRssKb)) / 1024,
      };
    });
    const curl = rows[0]!;
    const fmt = (n: number) => n.toFixed(3);
    const lines = [
      '# Completion hook: cost per report, by path',
      '',
      `Command: \`npm run bench:hook -- --reports ${reports}\` · ${new Date().toISOString()} · ${os.hostname()}, ` +
        `${os.cpus().length} cores (shared: times are context, ratios are the result) · ` +
        `Temporal dev server ${server.serverVersion} · GNU time per run of the whole job script.`,
      '',
      `Each path: ${reports} runs of the same job script (program \`/bin/true\`), each report checked in the ` +
        `job workflow's history by its identity. Hook cost = the path's figure minus the baseline (the same ` +
        `script with the hook off: wall median ${fmt(baseWall)} s, CPU mean ${fmt(baseCpu)} s). Max RSS: the ` +
        'largest process of the run.',
      '',
      '| path | hook wall (median, s) | hook CPU (mean, s) | max RSS (MB) | wall × curl | CPU × curl |',
      '| ---- | --------------------: | -----------------: | -----------: | ----------: | ---------: |',
      ...rows.map(
        (r) =>
          `| ${r.name} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${r.rss.toFixed(1)} | ` +
          `${(r.wall / curl.wall).toFixed(1)} | ${(r.cpu / Math.max(curl.cpu, 0.001)).toFixed(1)} |`,
      ),
      '',
      'References, measured in the same loop (the whole command, no baseline subtracted): one `curl` call ' +
        "alone — the hook's gRPC request prebuilt, and a JSON POST to the HTTP API (`--http-port`) for a " +
        "workflow id WITHOUT '/'. Our job workflow ids (`<campaign>/<job>`) cannot take the JSON way: the " +
        'gateway decodes `%2F` before it routes, so no encoding reaches them.',
      '',
      '| reference | wall (median, s) | CPU (mean, s) | max RSS (MB) |',
      '| --------- | ---------------: | ------------: | -----------: |',
      ...Object.keys(references).map((name) => {
        const list = samples.get(name)!;
        return (
          `| ${name} | ${fmt(median(list.map((x) => x.wallS)))} | ${fmt(mean(list.map((x) => x.cpuS)))} | ` +
          `${(Math.max(...list.map((x) => x.maxRssKb)) / 1024).toFixed(1)} |`
        );
      }),
      '',
      `Target: hook CPU ≤ 0.05 s per job — curl: ${fmt(curl.cpu)} s (${curl.cpu <= 0.05 ? 'met' : 'MISSED'}).`,
      '',
    ];
    writeFileSync(out, lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    if (server && server.process.exitCode === null) {
      const exited = new Promise((resolve) => server!.process.once('exit', resolve));
      server.process.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
