import { z } from 'zod';
import { describeInputIssues } from './input-problems';
import { pwdExtensionsSchema, pwdWorkflowSchema, STEP_FUNCTION, type PwdExtensions } from './pwd-format';
import { readStepGraph, type StepNode } from './pwd-graph';
import { ancestorsOf, checkStepGraph, runOrder, stepsSchema, type StepSettings } from './steps';

export type PwdImport = { ok: true; steps: StepSettings[] } | { ok: false; problems: string[] };

const stepsInputSchema = z.strictObject({ steps: stepsSchema });

/**
 * A PWD graph of ORCA steps (see pwd-export.ts) as campaign `steps`, in run order: keywords and blocks
 * from the graph's input nodes, geometryFrom from `structure` edges between steps, dependsOn from
 * `depends_on` edges (plus the geometryFrom step when it is not already among them); names,
 * resources and recovery from the extensions (else `step-<node id>` and the campaign's defaults).
 * Anything that cannot be mapped is refused, one problem per node, edge or field.
 */
export function importPwd(workflowRaw: unknown, extensionsRaw?: unknown): PwdImport {
  const workflow = pwdWorkflowSchema.safeParse(workflowRaw);
  const extensions = extensionsRaw === undefined ? undefined : pwdExtensionsSchema.safeParse(extensionsRaw);
  const problems = [
    ...(workflow.success ? [] : describeInputIssues(pwdWorkflowSchema, workflow.error.issues)),
    ...(extensions && !extensions.success
      ? describeInputIssues(pwdExtensionsSchema, extensions.error.issues).map((p) => `extensions: ${p}`)
      : []),
  ];
  if (!workflow.success || (extensions && !extensions.success)) return { ok: false, problems };
  const graph = readStepGraph(workflow.data);
  if ('problems' in graph) return { ok: false, problems: graph.problems };
  const settings = extensions?.data;
  const extensionProblems = unknownExtensionNodes(graph.steps, settings);
  if (extensionProblems.length) return { ok: false, problems: extensionProblems };

  const nameOf = (id: number) => settings?.steps[String(id)]?.name ?? `step-${id}`;
  const cycle = findNodeCycle(graph.steps);
  if (cycle)
    return {
      ok: false,
      problems: [`cycle: ${cycle.map((id) => `node ${id} ("${nameOf(id)}")`).join(' → ')}`],
    };

  const steps: StepSettings[] = graph.steps.map((node) => {
    const { name: _name, ...resources } = settings?.steps[String(node.id)] ?? {};
    return {
      name: nameOf(node.id),
      keywords: node.keywords as string,
      ...(node.blocks === undefined ? {} : { blocks: node.blocks as string }),
      ...resources,
      ...(node.dependsOn.length ? { dependsOn: node.dependsOn.map(nameOf) } : {}),
      ...(node.geometryFrom === undefined ? {} : { geometryFrom: nameOf(node.geometryFrom) }),
    };
  });
  for (const step of steps) {
    // a structure edge is a data dependency even where no depends_on edge says so
    if (step.geometryFrom !== undefined && !ancestorsOf(step.name, steps).has(step.geometryFrom))
      step.dependsOn = [...(step.dependsOn ?? []), step.geometryFrom];
  }
  const stepProblems = validate(steps, graph.steps);
  return stepProblems.length ? { ok: false, problems: stepProblems } : { ok: true, steps: runOrder(steps) };
}

function unknownExtensionNodes(steps: StepNode[], extensions: PwdExtensions | undefined): string[] {
  const ids = new Set(steps.map((step) => String(step.id)));
  return Object.keys(extensions?.steps ?? {})
    .filter((id) => !ids.has(id))
    .map((id) => `extensions: steps.${id}: node ${id} is no ${STEP_FUNCTION} node of the workflow`);
}

/** A cycle of step nodes through structure and depends_on edges, first repeated last. */
function findNodeCycle(steps: StepNode[]): number[] | undefined {
  const inputsOf = new Map(
    steps.map((step) => [
      step.id,
      [...step.dependsOn, ...(step.geometryFrom === undefined ? [] : [step.geometryFrom])],
    ]),
  );
  const state = new Map<number, 'visiting' | 'done'>();
  const path: number[] = [];
  const visit = (id: number): number[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const next of inputsOf.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const step of steps) {
    const cycle = visit(step.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The campaign's checks of the steps, each problem naming the PWD node instead of `steps.N`. */
function validate(steps: StepSettings[], nodes: StepNode[]): string[] {
  const parsed = stepsInputSchema.safeParse({ steps });
  const problems = parsed.success ? [] : describeInputIssues(stepsInputSchema, parsed.error.issues);
  if (parsed.success)
    checkStepGraph(parsed.data.steps, false, (path, message) =>
      problems.push(`${path.join('.')}: ${message}`),
    );
  return problems.map((problem) =>
    problem.replace(/^steps\.(\d+)(\.|:)/, (_all, index: string, after: string) => {
      const at = Number(index);
      const where = `node ${nodes[at]?.id ?? '?'} (step "${steps[at]?.name ?? '?'}")`;
      return after === '.' ? `${where}: ` : `${where}:`;
    }),
  );
}
