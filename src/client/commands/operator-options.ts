import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { jobOverridesSchema, type JobOverrides } from '../../campaign/operator-requests';
import { describeInputIssues } from '../../campaign/input-problems';
import { parseOrcaBlocks } from '../../campaign/orca-blocks';
import { integerOption } from './report';

export interface OverrideFlags {
  walltimeMinutes?: number;
  memoryMb?: number;
  cores?: number;
  keywords?: string;
  block?: string[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The flags that change a reset job's next attempts. */
export function withOverrideOptions(command: Command): Command {
  return command
    .option('--walltime-minutes <m>', 'next attempts: walltime', Number)
    .option('--memory-mb <n>', 'next attempts: memory per job in MB', integerOption('--memory-mb', 1))
    .option('--cores <n>', 'next attempts: cores per job', integerOption('--cores', 1))
    .option('--keywords <line>', "next attempts: ORCA simple input instead of the campaign's")
    .option(
      '--block <text>',
      'next attempts: an ORCA input block, e.g. "%scf MaxIter 500 end" (repeatable)',
      collect,
    );
}

/** The overrides the flags name (undefined when none), or the problems with them, each field named. */
export function overridesFrom(flags: OverrideFlags): { overrides?: JobOverrides; problems: string[] } {
  const given = Object.fromEntries(
    Object.entries({
      walltimeMinutes: flags.walltimeMinutes,
      memoryMb: flags.memoryMb,
      cores: flags.cores,
      keywords: flags.keywords,
      blocks: flags.block,
    }).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(given).length === 0) return { problems: [] };
  const parsed = jobOverridesSchema.safeParse(given);
  if (parsed.success) return { overrides: parsed.data, problems: blockProblems(parsed.data.blocks ?? []) };
  return {
    problems: describeInputIssues(jobOverridesSchema, parsed.error.issues).map((p) => `overrides.${p}`),
  };
}

/**
 * The checks of campaign blocks (balanced ends, no coordinates, …), made by the CLI only: the
 * workflow's own check of operator blocks stays as it was, for the requests in running histories.
 */
function blockProblems(blocks: readonly string[]): string[] {
  return blocks.flatMap((block, index) => {
    const parsed = parseOrcaBlocks(block);
    return parsed.ok ? [] : [`overrides.blocks.${index}: ${parsed.problem}`];
  });
}

/** How the CLI names its caller in the audit trail. */
export function requestedBy(): string {
  try {
    return `${userInfo().username}@${hostname()} (orcastrate CLI)`;
  } catch {
    return `${hostname()} (orcastrate CLI)`;
  }
}

export { collect };
