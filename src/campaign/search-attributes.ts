import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes so the Web UI can filter by campaign and see progress. */
export const campaignKey = defineSearchAttributeKey('OrcastrateCampaign', SearchAttributeType.KEYWORD);
export const phaseKey = defineSearchAttributeKey('OrcastratePhase', SearchAttributeType.KEYWORD);
export const jobsDoneKey = defineSearchAttributeKey('OrcastrateJobsDone', SearchAttributeType.INT);
export const jobsTotalKey = defineSearchAttributeKey('OrcastrateJobsTotal', SearchAttributeType.INT);
export const jobsFailedKey = defineSearchAttributeKey('OrcastrateJobsFailed', SearchAttributeType.INT);

/** Why a campaign paused itself (e.g. the scheduler refused its jobs); empty when not paused by itself. */
export const pauseReasonKey = defineSearchAttributeKey('OrcastratePauseReason', SearchAttributeType.KEYWORD);

/** On each job workflow: its job's status (ready, submitted, running, completed, failed, timeout, cancelled). */
export const jobStatusKey = defineSearchAttributeKey('OrcastrateJobStatus', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [
  campaignKey,
  phaseKey,
  jobsDoneKey,
  jobsTotalKey,
  jobsFailedKey,
  pauseReasonKey,
  jobStatusKey,
];

/** `--search-attribute NAME=Type` flags for `temporal server start-dev`. */
export function devServerSearchAttributeFlags(): string[] {
  const typeNames: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int' };
  return SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${typeNames[key.type]}`]);
}
