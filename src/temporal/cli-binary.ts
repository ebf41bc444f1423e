import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../paths';

export { REPO_ROOT } from '../paths';

/** Same search order as scripts/lib.sh: $TEMPORAL_CLI, .tools/bin/temporal, `temporal` on PATH. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'temporal'));
  const candidates = [env.TEMPORAL_CLI, path.join(REPO_ROOT, '.tools/bin/temporal'), ...onPath];
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate)));
}

export function temporalCliVersion(cli: string): string {
  return execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
}
