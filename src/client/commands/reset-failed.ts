import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { resetFailedOptionsSchema, retryJobsOptionsSchema } from '../../campaign/operator-requests';
import { describeInputIssues } from '../../campaign/input-problems';
import { closeUpdate } from '../../workflows/messages';
import { connectClient } from '../../temporal/connection';
import { resetFailedCampaign, retryCampaignJobs, type CampaignResetResult } from '../campaign-reset';
import { integerOption } from './report';
import {
  collect,
  overridesFrom,
  requestedBy,
  withOverrideOptions,
  type OverrideFlags,
} from './operator-options';

interface ResetFlags extends OverrideFlags {
  includeTimeouts: boolean;
  maxFailCount?: number;
  reason?: string[];
  job?: string[];
}

export function registerResetFailedCommand(program: Command): void {
  withOverrideOptions(
    program
      .command('reset-failed')
      .description(
        'put failed jobs back in the queue, whatever the campaign state (running, settled, or closed: then a new run attached to its jobs)',
      )
      .argument('<campaign>', 'campaign workflow id')
      .option('--include-timeouts', 'also reset jobs that timed out', false)
      .option(
        '--max-fail-count <n>',
        'only jobs that failed at most n times',
        integerOption('--max-fail-count', 0),
      )
      .option(
        '--reason <reason>',
        'only jobs that failed for this reason, e.g. scf-not-converged (repeatable)',
        collect,
      )
      .option('--job <id>', 'only this job (repeatable)', collect),
  ).action(async (campaign: string, flags: ResetFlags) => {
    const { overrides, problems } = overridesFrom(flags);
    const options = {
      includeTimeouts: flags.includeTimeouts,
      maxFailCount: flags.maxFailCount,
      reasons: flags.reason,
      jobIds: flags.job,
      overrides,
      requestedBy: requestedBy(),
    };
    const parsed = resetFailedOptionsSchema.safeParse(options);
    if (!parsed.success) problems.push(...describeInputIssues(resetFailedOptionsSchema, parsed.error.issues));
    if (refuse(problems) || !parsed.success) return;
    await withClient(async (client, config) => {
      report('reset to ready', campaign, await resetFailedCampaign(client, config, campaign, parsed.data));
    });
  });

  withOverrideOptions(
    program
      .command('retry')
      .description(
        'run the named jobs again, whatever their final status (completed, failed, timeout, cancelled)',
      )
      .argument('<campaign>', 'campaign workflow id')
      .argument('<job...>', 'job ids, e.g. row-000036'),
  ).action(async (campaign: string, jobIds: string[], flags: OverrideFlags) => {
    const { overrides, problems } = overridesFrom(flags);
    const options = { jobIds, overrides, requestedBy: requestedBy() };
    const parsed = retryJobsOptionsSchema.safeParse(options);
    if (!parsed.success) problems.push(...describeInputIssues(retryJobsOptionsSchema, parsed.error.issues));
    if (refuse(problems) || !parsed.success) return;
    await withClient(async (client, config) => {
      report('queued again', campaign, await retryCampaignJobs(client, config, campaign, parsed.data));
    });
  });

  program
    .command('close')
    .description('close a settled campaign now (a running one closes as soon as its jobs are final)')
    .argument('<campaign>', 'campaign workflow id')
    .action(async (campaign: string) => {
      await withClient(async (client) => {
        const phase = await client.workflow
          .getHandle(campaign)
          .executeUpdate(closeUpdate, { args: [{ requestedBy: requestedBy() }] });
        console.log(
          phase === 'settled'
            ? `campaign ${campaign} is closing`
            : `campaign ${campaign} is ${phase}: it closes once every job is final`,
        );
      });
    });
}

function refuse(problems: string[]): boolean {
  if (problems.length === 0) return false;
  for (const problem of problems) console.error(problem);
  process.exitCode = 2;
  return true;
}

async function withClient(
  work: (
    client: Awaited<ReturnType<typeof connectClient>>,
    config: ReturnType<typeof loadConfig>,
  ) => Promise<void>,
): Promise<void> {
  const config = loadConfig();
  const client = await connectClient(config);
  try {
    await work(client, config);
  } finally {
    await client.connection.close();
  }
}

function report(what: string, campaign: string, result: CampaignResetResult): void {
  console.log(`${result.reset} job(s) ${what} in campaign ${campaign}`);
  if (result.reopened) console.log('the campaign had closed: a new run was started, attached to its jobs');
}
