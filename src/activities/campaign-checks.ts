import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../config';
import { campaignPrerequisiteProblems } from '../jobs/campaign-prerequisites';

export const PREREQUISITE_FAILURE_TYPES = {
  'orca-executable': 'OrcaExecutableMissing',
  'campaign-directory': 'CampaignDirectoryUnusable',
} as const;

export function createCampaignCheckActivities(config: Config) {
  return {
    /** Fails non-retryably, naming the setting or path, when the campaign cannot run on this worker. */
    async checkCampaignPrerequisites(input: { campaignId: string; orcaExecutable: string }): Promise<void> {
      const problems = await campaignPrerequisiteProblems(
        config.dataRoot,
        input.campaignId,
        input.orcaExecutable,
      );
      const first = problems[0];
      if (!first) return;
      throw ApplicationFailure.create({
        type: PREREQUISITE_FAILURE_TYPES[first.kind],
        message: problems.map((problem) => problem.message).join('; '),
        nonRetryable: true,
      });
    },
  };
}
