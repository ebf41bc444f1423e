import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { stackProbe } from '../../workflows';
import { connectClient } from '../../temporal/connection';

export function registerProbeCommand(program: Command): void {
  program
    .command('probe')
    .description('run the stackProbe workflow once: proves server, worker and Postgres work together')
    .option('-m, --message <text>', 'text stored in the probe row', 'hello from orcastrate probe')
    .action(async (options: { message: string }) => {
      const config = loadConfig();
      const client = await connectClient(config);
      const workflowId = `stack-probe-${Date.now()}`;
      try {
        const result = await client.workflow.execute(stackProbe, {
          taskQueue: config.temporal.taskQueue,
          workflowId,
          args: [options.message],
          workflowExecutionTimeout: '2 minutes',
        });
        console.log(`workflow ${workflowId} wrote stack_probes row ${result.rowId}`);
      } finally {
        await client.connection.close();
      }
    });
}
