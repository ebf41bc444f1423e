import {
  LIST_FUNCTION,
  STEP_FUNCTION,
  STEP_PORTS,
  STRUCTURE_OUTPUT,
  type PwdEdge,
  type PwdNode,
  type PwdWorkflow,
} from './pwd-format';

/** One ORCA step node of a PWD graph, its ports resolved. */
export interface StepNode {
  id: number;
  keywords: unknown;
  blocks?: unknown;
  /** The step node whose final geometry feeds this one; absent: the campaign's structure. */
  geometryFrom?: number;
  /** The step nodes this one waits for, in port order. */
  dependsOn: number[];
}

type Kind = 'input' | 'output' | 'step' | 'list';
const PORT_NAMES = Object.values(STEP_PORTS);

/**
 * Reads a PWD graph of ORCA steps: every node an input, an output, an `orcastrate.run_orca_step` or a
 * `get_list` gathering step results; every edge between existing nodes into a port we map. Returns
 * the step nodes, or one problem per thing that cannot be mapped, naming the node or edge.
 */
export function readStepGraph(workflow: PwdWorkflow): { steps: StepNode[] } | { problems: string[] } {
  const problems: string[] = [];
  const byId = new Map<number, PwdNode>();
  const kinds = new Map<number, Kind>();
  workflow.nodes.forEach((node, index) => {
    if (byId.has(node.id)) problems.push(`nodes[${index}]: id ${node.id} is given to two nodes`);
    byId.set(node.id, node);
    const kind = kindOf(node);
    if (typeof kind === 'string') kinds.set(node.id, kind);
    else problems.push(`${label(node)}: ${kind.problem}`);
  });
  const steps = new Map<number, StepNode & { ports: Map<string, number> }>();
  for (const [id, kind] of kinds)
    if (kind === 'step') steps.set(id, { id, keywords: undefined, dependsOn: [], ports: new Map() });
  const listMembers = new Map<number, { port: string; step: number }[]>();
  const used = new Set<number>();
  const structureInputs = new Set<number>();

  workflow.edges.forEach((edge, index) => {
    const where = `edges[${index}]`;
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) {
      const missing = !source ? `source ${edge.source}` : `target ${edge.target}`;
      problems.push(`${where}: ${missing} is no node of the workflow (dangling edge)`);
      return;
    }
    const sourceKind = kinds.get(source.id);
    const targetKind = kinds.get(target.id);
    if (!sourceKind || !targetKind) return; // the node's own problem is reported
    used.add(source.id);
    const from = `from ${label(source)}${edge.sourcePort ? ` port "${edge.sourcePort}"` : ''}`;
    if (targetKind === 'step') {
      const step = steps.get(target.id)!;
      const problem = connectStepPort(step, edge, source, sourceKind);
      if (problem) problems.push(`${where} into ${label(target)}: ${problem} (${from})`);
      else if (edge.targetPort === STEP_PORTS.structure && sourceKind === 'input')
        structureInputs.add(source.id);
    } else if (targetKind === 'list') {
      if (sourceKind !== 'step' || edge.sourcePort)
        problems.push(`${where} into ${label(target)}: get_list gathers whole step results only (${from})`);
      else if (!edge.targetPort)
        problems.push(`${where} into ${label(target)}: needs a targetPort ("0", "1", …)`);
      else
        listMembers.set(target.id, [
          ...(listMembers.get(target.id) ?? []),
          { port: edge.targetPort, step: source.id },
        ]);
    } else if (targetKind === 'output') {
      if (sourceKind !== 'step')
        problems.push(`${where} into ${label(target)}: outputs take step results only (${from})`);
    } else {
      problems.push(`${where}: ${label(target)} is an input and takes no edge (${from})`);
    }
  });

  for (const [id, kind] of kinds) {
    const node = byId.get(id)!;
    if ((kind === 'input' || kind === 'list') && !used.has(id))
      problems.push(`${label(node)}: feeds no step, so orcastrate cannot map it`);
  }
  if (structureInputs.size > 1)
    problems.push(
      `nodes ${[...structureInputs].join(' and ')} are all structure inputs: a campaign job has one structure`,
    );
  if (steps.size === 0) problems.push(`no ${STEP_FUNCTION} node: nothing orcastrate can run`);
  for (const step of steps.values()) {
    for (const required of [STEP_PORTS.structure, STEP_PORTS.keywords])
      if (!step.ports.has(required))
        problems.push(`${label(byId.get(step.id)!)}: no edge into its "${required}" port`);
    const list = step.ports.get(STEP_PORTS.dependsOn);
    if (list !== undefined && kinds.get(list) === 'list')
      step.dependsOn = orderedMembers(listMembers.get(list) ?? []);
  }
  if (problems.length) return { problems };
  return { steps: [...steps.values()].map(({ ports: _ports, ...step }) => step) };
}

/** `node 4 (orcastrate.run_orca_step)`, `node 0 (input "structure")`: how problems name a node. */
function label(node: PwdNode): string {
  if (node.type !== 'function') return `node ${node.id} (${node.type} "${node.name ?? ''}")`;
  return `node ${node.id} (${typeof node.value === 'string' ? node.value : JSON.stringify(node.value)})`;
}

function kindOf(node: PwdNode): Kind | { problem: string } {
  if (node.type === 'input' || node.type === 'output') return node.type;
  if (node.type !== 'function')
    return { problem: `type "${node.type}" cannot be mapped to ORCA steps (input, output and function can)` };
  const value = node.value;
  if (typeof value !== 'string' || !/^[^.]+(\.[^.]+)+$/.test(value))
    return { problem: 'a function node needs a dotted "module.function" value' };
  if (value === STEP_FUNCTION) return 'step';
  if (value === LIST_FUNCTION) return 'list';
  return {
    problem: `unknown function "${value}": orcastrate maps ${STEP_FUNCTION} (one ORCA step) and ${LIST_FUNCTION}`,
  };
}

/** Records one edge into a step's port; the problem if orcastrate cannot map it. */
function connectStepPort(
  step: StepNode & { ports: Map<string, number> },
  edge: PwdEdge,
  source: PwdNode,
  sourceKind: Kind,
): string | undefined {
  const port = edge.targetPort ?? '';
  if (!(PORT_NAMES as string[]).includes(port))
    return `${STEP_FUNCTION} has no port "${port}" (ports: ${PORT_NAMES.join(', ')})`;
  if (step.ports.has(port)) return `a second edge into port "${port}"`;
  step.ports.set(port, source.id);
  const wholeResult = !edge.sourcePort;
  if (port === STEP_PORTS.structure) {
    if (sourceKind === 'step' && edge.sourcePort === STRUCTURE_OUTPUT) step.geometryFrom = source.id;
    else if (sourceKind === 'step')
      return `a step's "${STRUCTURE_OUTPUT}" output is the only one that is a structure`;
    else if (sourceKind !== 'input' || !wholeResult) return 'a structure comes from an input or a step';
    else if (source.value !== undefined && source.value !== null)
      return 'a fixed structure cannot be mapped: each campaign job brings its own (the input value must be null)';
    return undefined;
  }
  if (port === STEP_PORTS.dependsOn) {
    if (!wholeResult || (sourceKind !== 'list' && sourceKind !== 'step'))
      return 'depends_on takes the whole result of a step or of a get_list node';
    if (sourceKind === 'step') step.dependsOn = [source.id];
    return undefined;
  }
  if (sourceKind !== 'input' || !wholeResult) return `"${port}" comes from an input node`;
  if (port === STEP_PORTS.keywords) {
    if (typeof source.value !== 'string') return 'the keywords input needs a string value ("! …")';
    step.keywords = source.value;
  } else if (source.value !== null && source.value !== undefined) {
    if (typeof source.value !== 'string') return 'the blocks input needs a string value ("%… end")';
    step.blocks = source.value;
  }
  return undefined;
}

/** get_list members by port: numeric ports in number order, others after in edge order. */
function orderedMembers(members: { port: string; step: number }[]): number[] {
  const numeric = (port: string) => (/^\d+$/.test(port) ? Number(port) : Number.MAX_SAFE_INTEGER);
  return [...members].sort((a, b) => numeric(a.port) - numeric(b.port)).map((member) => member.step);
}
