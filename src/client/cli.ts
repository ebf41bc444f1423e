import { inspect } from 'node:util';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config';
import { describeError, redactSecrets } from '../redact';
import {
  registerActiveLearningCommand,
  registerCleanupCommand,
  registerDashboardCommand,
  registerDbCommands,
  registerDevCommands,
  registerHistoryCommand,
  registerIngestCommand,
  registerJobsCommand,
  registerParseCommand,
  registerProbeCommand,
  registerPwdCommands,
  registerReportCommand,
  registerResetFailedCommand,
  registerStartCommand,
  registerStatusCommand,
  registerWatchCommand,
  registerWorkerCommand,
} from './commands';

export function buildProgram(): Command {
  const program = new Command('orcastrate')
    .description('durable campaign manager for ORCA calculations on HPC, built on Temporal')
    .showHelpAfterError()
    .exitOverride();
  registerIngestCommand(program);
  registerStartCommand(program);
  registerStatusCommand(program);
  registerWatchCommand(program);
  registerJobsCommand(program);
  registerResetFailedCommand(program);
  registerHistoryCommand(program);
  registerCleanupCommand(program);
  registerReportCommand(program);
  registerWorkerCommand(program);
  registerProbeCommand(program);
  registerParseCommand(program);
  registerDbCommands(program);
  registerDevCommands(program);
  registerDashboardCommand(program);
  registerActiveLearningCommand(program);
  registerPwdCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // commands report their own failures (e.g. bad input -> 2) through process.exitCode
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit with code 0; usage errors with 2
      return error.exitCode === 0 ? 0 : 2;
    }
    console.error(error instanceof ConfigError ? error.message : `orcastrate: ${describeError(error)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(redactSecrets(inspect(error)));
      process.exitCode = 1;
    },
  );
}
