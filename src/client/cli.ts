import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config';
import { registerDbCommands } from './commands/db';
import { registerProbeCommand } from './commands/probe';
import { registerWorkerCommand } from './commands/worker';

export function buildProgram(): Command {
  const program = new Command('orcastrate')
    .description('durable campaign manager for ORCA calculations on HPC, built on Temporal')
    .showHelpAfterError()
    .exitOverride();
  registerDbCommands(program);
  registerWorkerCommand(program);
  registerProbeCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit with code 0; usage errors with 2
      return error.exitCode === 0 ? 0 : 2;
    }
    console.error(error instanceof ConfigError ? error.message : `orcastrate: ${describe(error)}`);
    return 1;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
