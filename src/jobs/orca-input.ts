import type { AttemptPlan } from '../recovery/plan';
import { attemptBlocks } from './orca-block-merge';
import { orcaResourceLines } from './orca-resources';

export interface OrcaInputSpec {
  keywords: string;
  /** The step's `%` blocks (validated campaign input), merged with the plan's by attemptBlocks. */
  blocks?: string;
  plan: AttemptPlan;
  charge: number;
  multiplicity: number;
  /** Geometry file name relative to the job directory. */
  xyzFile: string;
  /** Extra comment lines (e.g. simulator directives); each is prefixed with "# ". */
  comments?: string[];
}

const XYZ_FILE = /^[A-Za-z0-9._-]+\.xyz$/;

/**
 * Renders an ORCA input whose %pal/%maxcore match the attempt's cores and memory, with the step's,
 * the operator's and the recovery ladder's blocks merged so that no block is given twice.
 */
export function renderOrcaInput(spec: OrcaInputSpec): string {
  if (!XYZ_FILE.test(spec.xyzFile))
    throw new Error(`geometry file name ${JSON.stringify(spec.xyzFile)} is not safe`);
  const { plan } = spec;
  const lines = [
    attemptKeywordLine(spec.keywords, plan),
    ...orcaResourceLines(plan.cores, plan.memoryMb),
    ...attemptBlocks(spec.blocks, plan),
  ];
  for (const comment of spec.comments ?? []) lines.push(`# ${comment.replace(/[\r\n]+/g, ' ')}`);
  lines.push(`* xyzfile ${spec.charge} ${spec.multiplicity} ${spec.xyzFile}`, '');
  return lines.join('\n');
}

/** The simple-input line of an attempt: the operator's or the given keywords, the ladder's added. */
export function attemptKeywordLine(keywords: string, plan: AttemptPlan): string {
  const line = plan.keywords ?? keywords;
  return [line.trim(), ...plan.extraKeywords.filter((k) => !hasKeyword(line, k))].join(' ');
}

function hasKeyword(keywords: string, keyword: string): boolean {
  return keywords
    .replace(/^\s*!/, '')
    .split(/\s+/)
    .some((k) => k.toLowerCase() === keyword.toLowerCase());
}
