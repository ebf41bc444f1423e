/**
 * Namespaces on a production Temporal server, and the run's shared server: the production stack
 * (`scripts/stack.sh start --production`), as a user starts it.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Connection, type TLSConfig } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { REPO_ROOT } from '../../src/temporal/cli-binary';
import { ensureSearchAttributes } from '../../src/workers/search-attributes';

const run = promisify(execFile);

/**
 * Registers a namespace (the server creates none) and orcastrate's search attributes, and waits until a
 * workflow listing works there: a new namespace is usable only after the server's registry refresh.
 */
export async function prepareNamespace(address: string, namespace: string, tls?: TLSConfig): Promise<void> {
  const connection = await Connection.connect({ address, tls });
  try {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('1 day'),
      });
    } catch (error) {
      if (!/already exists|AlreadyExists/i.test(String(error))) throw error;
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        break;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`namespace ${namespace} not usable after 30 s: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await ensureSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }
}

/** Deletes a namespace and everything in it (the server removes its workflows in the background). */
export async function deleteNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.operatorService.deleteNamespace({ namespace });
  } finally {
    await connection.close();
  }
}

/**
 * The run's shared server: `scripts/stack.sh start --production --server-only`, the same command a user
 * types. Returns whether this run started it (then the teardown stops it again).
 */
export async function ensureStackServer(): Promise<{ address: string; startedHere: boolean; pid: number }> {
  const { stdout } = await run(
    'bash',
    [path.join(REPO_ROOT, 'scripts/stack.sh'), 'start', '--production', '--server-only'],
    {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const pidMatch = /Temporal server (?:up: .*\(pid (\d+)\)|already running \(pid (\d+)\))/.exec(stdout);
  if (!pidMatch) throw new Error(`scripts/stack.sh start --production printed no server pid:\n${stdout}`);
  const port = process.env.ORCASTRATE_STACK_TEMPORAL_PORT ?? '7233';
  return {
    address: `127.0.0.1:${port}`,
    startedHere: !stdout.includes('Temporal server already running'),
    pid: Number(pidMatch[1] ?? pidMatch[2]),
  };
}

export async function stopStack(): Promise<void> {
  await run('bash', [path.join(REPO_ROOT, 'scripts/stack.sh'), 'stop'], { cwd: REPO_ROOT });
}
