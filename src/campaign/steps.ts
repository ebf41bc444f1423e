import { z } from 'zod';
import {
  coresField,
  identifier,
  maxAttemptsField,
  memoryMbField,
  orcaKeywords,
  recoveryStrategy,
  walltimeMinutesField,
} from './fields';
import { closestName } from './input-problems';
import { orcaBlocksText } from './orca-blocks';

/** Steps per structure: each is a job with its own attempts, so keep pipelines short. */
export const MAX_STEPS = 20;

/**
 * One step of a pipeline. Every field but `name` may be left out: it then comes from the campaign
 * (`orca.keywords`, `orca.cores`, ..., `recovery`); `blocks` are merged with `orca.blocks` by name.
 */
export const stepSchema = z.strictObject({
  /** Reaches workflow ids (`<campaign>/<job>/<step>`) and directory names. */
  name: identifier,
  keywords: orcaKeywords.optional(),
  blocks: orcaBlocksText.optional(),
  cores: coresField.optional(),
  memoryMb: memoryMbField.optional(),
  walltimeMinutes: walltimeMinutesField.optional(),
  /** Steps that must complete before this one starts. */
  dependsOn: z.array(identifier).max(MAX_STEPS).optional(),
  /** The step whose final geometry this one starts from; it must be among the steps this one depends on. */
  geometryFrom: identifier.optional(),
  recovery: z
    .strictObject({ strategy: recoveryStrategy.optional(), maxAttempts: maxAttemptsField.optional() })
    .optional(),
});
export type StepSettings = z.output<typeof stepSchema>;

export const stepsSchema = z.array(stepSchema).min(1).max(MAX_STEPS);

type AddIssue = (path: (string | number)[], message: string) => void;

/**
 * The checks across steps: names unique, `dependsOn` naming other existing steps once each, no cycle
 * (named), `geometryFrom` among the steps a step depends on (directly or not), and keywords for every
 * step when the campaign gives no default. Issues carry paths under `steps`.
 */
export function checkStepGraph(
  steps: readonly StepSettings[],
  hasDefaultKeywords: boolean,
  addIssue: AddIssue,
): void {
  const indexOf = new Map<string, number>();
  steps.forEach((step, index) => {
    const first = indexOf.get(step.name);
    if (first === undefined) indexOf.set(step.name, index);
    else addIssue(['steps', index, 'name'], `"${step.name}" is already the name of steps.${first}`);
    if (!hasDefaultKeywords && step.keywords === undefined)
      addIssue(['steps', index, 'keywords'], 'required: orca.keywords gives no default');
  });
  const names = [...indexOf.keys()];
  let referencesValid = true;
  steps.forEach((step, index) => {
    const seen = new Set<string>();
    (step.dependsOn ?? []).forEach((dependency, position) => {
      const path = ['steps', index, 'dependsOn', position];
      if (dependency === step.name) addIssue(path, 'a step cannot depend on itself');
      else if (!indexOf.has(dependency)) addIssue(path, unknownStep(dependency, names));
      else if (seen.has(dependency)) addIssue(path, `"${dependency}" is listed twice`);
      else {
        seen.add(dependency);
        return;
      }
      referencesValid = false;
    });
    if (step.geometryFrom !== undefined && !indexOf.has(step.geometryFrom)) {
      addIssue(['steps', index, 'geometryFrom'], unknownStep(step.geometryFrom, names));
      referencesValid = false;
    }
  });
  if (!referencesValid || indexOf.size !== steps.length) return;
  const cycle = findCycle(steps);
  if (cycle) {
    const at = steps.findIndex((step) => step.name === cycle[0]);
    addIssue(['steps', at, 'dependsOn'], `cycle: ${cycle.join(' → ')}`);
    return;
  }
  steps.forEach((step, index) => {
    if (step.geometryFrom === undefined) return;
    if (!ancestorsOf(step.name, steps).has(step.geometryFrom))
      addIssue(
        ['steps', index, 'geometryFrom'],
        `"${step.geometryFrom}" is not a step "${step.name}" depends on (directly or through others): add it to dependsOn`,
      );
  });
}

function unknownStep(name: string, names: readonly string[]): string {
  const closest = closestName(name, names);
  return `unknown step "${name}"${closest ? ` (did you mean "${closest}"?)` : ''}`;
}

/** A dependency cycle as step names, first repeated last (`a → b → a`), or undefined. */
export function findCycle(steps: readonly Pick<StepSettings, 'name' | 'dependsOn'>[]): string[] | undefined {
  const dependsOn = new Map(steps.map((step) => [step.name, step.dependsOn ?? []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const next of dependsOn.get(name) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const step of steps) {
    const cycle = visit(step.name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Every step `name` depends on, directly or through others (the graph has no cycle). */
export function ancestorsOf(
  name: string,
  steps: readonly Pick<StepSettings, 'name' | 'dependsOn'>[],
): Set<string> {
  const dependsOn = new Map(steps.map((step) => [step.name, step.dependsOn ?? []]));
  const found = new Set<string>();
  const pending = [...(dependsOn.get(name) ?? [])];
  while (pending.length) {
    const next = pending.pop()!;
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...(dependsOn.get(next) ?? []));
  }
  return found;
}

/**
 * Steps in run order: every step after the steps it depends on, otherwise in the order given (a
 * stable topological sort). The graph must have no cycle.
 */
export function runOrder<S extends Pick<StepSettings, 'name' | 'dependsOn'>>(steps: readonly S[]): S[] {
  const placed = new Set<string>();
  const ordered: S[] = [];
  while (ordered.length < steps.length) {
    const next = steps.find(
      (step) => !placed.has(step.name) && (step.dependsOn ?? []).every((name) => placed.has(name)),
    );
    if (!next) throw new Error(`steps have a dependency cycle: ${findCycle(steps)?.join(' → ')}`);
    placed.add(next.name);
    ordered.push(next);
  }
  return ordered;
}
