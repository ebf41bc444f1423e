import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BUILT_CLI } from '../adversarial/support';
import { readHarnessState } from '../harness/state';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `orcastrate pwd …` as a user runs it (the built CLI) in `cwd`, against the harness database. */
export async function pwdCli(args: string[], cwd: string): Promise<CliResult> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', DATABASE_URL: readHarnessState().databaseUrl };
  try {
    const { stdout, stderr } = await run(process.execPath, [BUILT_CLI, 'pwd', ...args], {
      cwd,
      env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
