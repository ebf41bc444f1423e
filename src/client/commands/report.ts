import { hostname } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config';
import { attemptReportSignal } from '../../workflows/messages';
import { connectClient } from '../../temporal/connection';

const REPORT_TIMEOUT_MS = 15_000;

export function integerOption(name: string, min = Number.MIN_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(
        `${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` >= ${min}` : ''}`,
      );
    }
    return n;
  };
}

/** Used by job scripts: never fails the job, even when Temporal cannot be reached. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      "report a job attempt's end to its workflow (called by job scripts; always exits 0 once parsed)",
    )
    .requiredOption('--workflow-id <id>', 'job workflow id')
    .requiredOption('--attempt <n>', 'attempt number', integerOption('--attempt', 1))
    .requiredOption('--exit-code <code>', "the program's exit code", integerOption('--exit-code'))
    .option('--output <file>', 'output file (informational)')
    .action(async (options: { workflowId: string; attempt: number; exitCode: number }) => {
      try {
        const config = loadConfig();
        const client = await withTimeout(
          connectClient(config, undefined, `orcastrate-hook-node@${hostname()}`),
          REPORT_TIMEOUT_MS,
          'connecting to Temporal',
        );
        try {
          await withTimeout(
            client.workflow
              .getHandle(options.workflowId)
              .signal(attemptReportSignal, { attempt: options.attempt, exitCode: options.exitCode }),
            REPORT_TIMEOUT_MS,
            'signalling the job workflow',
          );
          console.log(
            `orcastrate report: attempt ${options.attempt} of ${options.workflowId} reported (exit ${options.exitCode})`,
          );
        } finally {
          await client.connection.close();
        }
      } catch (error) {
        console.warn(
          `orcastrate report: WARNING: could not report to ${options.workflowId}: ${(error as Error).message}. ` +
            'The batched poller will notice the job ended.',
        );
      }
    });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
