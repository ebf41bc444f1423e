import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/temporal/cli-binary';

// A port held by a process that is not ours: the stack must refuse at once, naming the port, instead of
// "starting" a server whose health check the other process answers (its pid file then pointed at a
// process that had exited on the bind error).
function stack(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [path.join(REPO_ROOT, 'scripts/stack.sh'), ...args],
      { env: { ...process.env, ...env } },
      (error, _out, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe('stack on a port another process holds', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it.each([[['start', '--server-only']], [['start', '--production', '--server-only']]])(
    '`stack.sh %s` refuses, naming the port, and starts nothing',
    async (args) => {
      const stateDir = mkdtempSync(path.join(tmpdir(), 'orcastrate-stack-'));
      const run = await stack(args, {
        ORCASTRATE_STACK_DIR: stateDir,
        ORCASTRATE_STACK_TEMPORAL_PORT: String(port),
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${port} is already in use by a process that is not ours`);
      expect(readdirSync(stateDir).filter((name) => name.endsWith('.pid'))).toEqual([]);
    },
  );
});
