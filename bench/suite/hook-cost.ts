import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { renderLocalScript } from '../../src/schedulers/local-script';
import { sleep } from './measure';
import type { Stack } from './stack';

const run = promisify(execFile);
const GNU_TIME = '/usr/bin/time';

/** CPU seconds (user + sys) of one run of `script` and everything it waited for, by GNU time. */
async function cpuOf(script: string): Promise<{ cpuS: number; stdout: string }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), HOSTNAME: os.hostname() };
  const { stdout, stderr } = await run(GNU_TIME, ['-f', 'CPU %U %S', '/bin/bash', script], { env });
  const match = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  if (!match) throw new Error(`no GNU time line in: ${stderr}`);
  return { cpuS: Number(match[1]) + Number(match[2]), stdout };
}

/**
 * The completion hook's CPU per job, by `npm run bench:hook`'s method, while the bench's own load runs:
 * the same local job script (program /bin/true) with the hook and without, interleaved, one pair per
 * second until `pairs` pairs are measured or `stop()` is true; hook CPU = mean(with) − mean(without).
 * Each report goes to a job workflow nobody runs on this server, and must have gone through curl.
 */
export async function sampleHookCpu(
  stack: Stack,
  pairs: number,
  stop: () => boolean,
): Promise<{ hookCpuPerJobS: number; pairs: number; samplerCpuS: number } | undefined> {
  const workflowId = `bench-hook-${Date.now().toString(36)}/row-000000`;
  await stack.client.workflow.start('orcaJob', { taskQueue: 'bench-hook-nobody', workflowId, args: [] });
  const campaignRoot = path.join(stack.workDir, `hook-${Date.now().toString(36)}`);
  const jobDir = path.join(campaignRoot, 'job');
  mkdirSync(jobDir, { recursive: true });
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
    env: { TEMPORAL_ADDRESS: stack.server.address, TEMPORAL_NAMESPACE: 'default' },
    report: { workflowId },
  };
  const withHook = path.join(jobDir, 'with-hook.sh');
  const withoutHook = path.join(jobDir, 'without-hook.sh');
  writeFileSync(withHook, renderLocalScript(spec, jobDir));
  writeFileSync(withoutHook, renderLocalScript({ ...spec, report: undefined }, jobDir));
  const on: number[] = [];
  const off: number[] = [];
  try {
    while (on.length < pairs && !stop()) {
      const reported = await cpuOf(withHook);
      if (!/reported \(exit 0\) via curl/.test(reported.stdout)) {
        throw new Error(`hook sample: the report did not go through curl: ${reported.stdout}`);
      }
      on.push(reported.cpuS);
      off.push((await cpuOf(withoutHook)).cpuS);
      await sleep(1000);
    }
  } finally {
    await stack.client.workflow
      .getHandle(workflowId)
      .terminate('bench over')
      .catch(() => undefined);
  }
  if (on.length === 0) return undefined;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return { hookCpuPerJobS: mean(on) - mean(off), pairs: on.length, samplerCpuS: sum(on) + sum(off) };
}
