import type { CampaignSettings } from '../campaign/input';
import { patched } from '@temporalio/workflow';
import { isPipeline, resolveSteps, stepOrcaSettings } from '../campaign/resolve-steps';
import type { JobSettings } from '../jobs/types';
import type { JobFinished } from './messages';

/**
 * What a pipeline campaign's windows (the campaign's own, or a shard's) need of its steps: each
 * step's job settings, and which steps others depend on (a completed one may have made jobs ready
 * behind the fill cursor). JSON-friendly: it travels in a shard's input.
 */
export interface PipelinePlan {
  stepSettings: Record<string, JobSettings>;
  awaitedSteps: string[];
}

/** Patch id: a campaign with `steps` runs a job per (structure, step), each with the step's settings. */
const PIPELINES_PATCH = 'campaign-pipelines';

/** A pipeline campaign's plan; undefined for one step (or a run from before pipelines). */
export function pipelinePlan(
  settings: CampaignSettings,
  campaignJobSettings: JobSettings,
): PipelinePlan | undefined {
  if (!isPipeline(settings) || !patched(PIPELINES_PATCH)) return undefined;
  const stepSettings: Record<string, JobSettings> = {};
  const awaited = new Set<string>();
  for (const step of resolveSteps(settings)) {
    stepSettings[step.name] = {
      ...campaignJobSettings,
      orca: stepOrcaSettings(settings.orca, step),
      recovery: step.recovery,
    };
    for (const dependency of step.dependsOn) awaited.add(dependency);
  }
  return { stepSettings, awaitedSteps: [...awaited] };
}

/** The settings of a job of `step`: the step's own in a pipeline, else the campaign's. */
export function jobSettingsFor(
  plan: PipelinePlan | undefined,
  campaignJobSettings: JobSettings,
  step: string | undefined,
): JobSettings {
  return (step !== undefined && plan?.stepSettings[step]) || campaignJobSettings;
}

/** True when a finished job may have made others ready: a completed step others depend on (`<structure>/<step>`). */
export function readiesOthers(plan: PipelinePlan | undefined, finished: JobFinished): boolean {
  if (finished.readiedOthers === true) return true;
  if (!plan || finished.status !== 'completed') return false;
  const step = finished.jobId.split('/')[1];
  return step !== undefined && plan.awaitedSteps.includes(step);
}
