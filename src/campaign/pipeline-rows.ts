import { describeInputIssues } from './input-problems';
import { checkStepGraph, runOrder, stepsSchema } from './steps';

/** What a pipeline step's job rows record of it: its name, place in the run order and dependencies. */
export interface PipelineStepRow {
  name: string;
  index: number;
  dependsOn: readonly string[];
  geometryFrom?: string;
}

export type PipelineRowsCheck =
  { ok: true; rows: PipelineStepRow[] | undefined } | { ok: false; problems: string[] };

/**
 * The rows a structure's steps take in Postgres, in run order, from a campaign's `steps` as they
 * reach ingest (not trusted: checked again, graph included); undefined steps: a single-step campaign.
 */
export function pipelineStepRows(steps: unknown): PipelineRowsCheck {
  if (steps === undefined) return { ok: true, rows: undefined };
  const parsed = stepsSchema.safeParse(steps);
  if (!parsed.success) {
    const problems = describeInputIssues(stepsSchema, parsed.error.issues).map((problem) =>
      problem.startsWith('(input)') ? `steps${problem.slice('(input)'.length)}` : `steps.${problem}`,
    );
    return { ok: false, problems };
  }
  const problems: string[] = [];
  checkStepGraph(parsed.data, true, (path, message) => problems.push(`${path.join('.')}: ${message}`));
  if (problems.length > 0) return { ok: false, problems };
  const rows = runOrder(parsed.data).map((step, index) => ({
    name: step.name,
    index,
    dependsOn: [...(step.dependsOn ?? [])],
    ...(step.geometryFrom === undefined ? {} : { geometryFrom: step.geometryFrom }),
  }));
  return { ok: true, rows };
}
