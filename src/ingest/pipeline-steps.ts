import { pipelineStepRows } from '../campaign/pipeline-rows';
import { SINGLE_STEP_NAME } from '../campaign/resolve-steps';
import { storedStepNames, type JobSteps, type Queryable } from '../db';
import { IngestInputError } from './input-error';

/** A campaign's `steps` as they reach ingest, checked again: the rows its structures get, or an input error. */
export function checkedStepRows(campaignId: string, steps: unknown): JobSteps {
  const checked = pipelineStepRows(steps);
  if (!checked.ok) {
    throw new IngestInputError(
      `campaign ${campaignId}: invalid pipeline steps: ${checked.problems.join('; ')}`,
    );
  }
  return checked.rows;
}

/** The campaign's jobs were made for other pipeline steps (e.g. ingested by the CLI, without `steps`). */
export async function refuseOtherSteps(q: Queryable, campaignId: string, steps: JobSteps): Promise<void> {
  const stored = await storedStepNames(q, campaignId);
  const wanted = steps ? steps.map((step) => step.name) : [SINGLE_STEP_NAME];
  if (stored.length === 0 || stored.join(' ') === wanted.join(' ')) return;
  throw new IngestInputError(
    `campaign ${campaignId} holds jobs for steps [${stored.join(', ')}], but its input has steps ` +
      `[${wanted.join(', ')}]: use a new campaign id to run these steps`,
  );
}
