import {
  EXTENSIONS_FORMAT,
  LIST_FUNCTION,
  PWD_VERSION,
  STEP_FUNCTION,
  STEP_PORTS,
  STRUCTURE_INPUT,
  STRUCTURE_OUTPUT,
  type PwdExtensions,
  type PwdNodeBody,
  type PwdWorkflowOut,
} from './pwd-format';
import type { ResolvedStep } from './resolve-steps';

/**
 * A campaign's steps as a PWD graph plus our extensions:
 * - one input node `structure` (value null: each job brings its own, from the CSV);
 * - per step (run order) a function node `orcastrate.run_orca_step` whose `structure` port is fed by
 *   that input, or by the `structure` output of its geometryFrom step; its `keywords` and `blocks` by
 *   input nodes holding the effective values; its `depends_on` by a `get_list` node gathering the
 *   whole results of the steps it depends on;
 * - one output node per step nothing depends on (`result` when there is one).
 * Names, resources and recovery go to the extensions, keyed by the step's node id.
 */
export function exportPwd(
  steps: readonly ResolvedStep[],
  workflowFile?: string,
): { workflow: PwdWorkflowOut; extensions: PwdExtensions } {
  const nodes: PwdWorkflowOut['nodes'] = [];
  const edges: PwdWorkflowOut['edges'] = [];
  const extensions: PwdExtensions = {
    format: EXTENSIONS_FORMAT,
    version: 1,
    ...(workflowFile ? { workflow: workflowFile } : {}),
    steps: {},
  };
  const addNode = (node: PwdNodeBody): number => {
    const id = nodes.length;
    nodes.push({ id, ...node });
    return id;
  };
  const connect = (source: number, sourcePort: string | null, target: number, targetPort: string | null) =>
    edges.push({ target, targetPort, source, sourcePort });

  const structure = addNode({ type: 'input', name: STRUCTURE_INPUT, value: null });
  const nodeOf = new Map<string, number>();
  for (const step of steps) {
    const id = addNode({ type: 'function', value: STEP_FUNCTION });
    nodeOf.set(step.name, id);
    extensions.steps[String(id)] = {
      name: step.name,
      cores: step.cores,
      memoryMb: step.memoryMb,
      walltimeMinutes: step.walltimeMinutes,
      recovery: { ...step.recovery },
    };
    const label = pythonName(step.name);
    if (step.geometryFrom === undefined) connect(structure, null, id, STEP_PORTS.structure);
    else connect(requireNode(nodeOf, step.geometryFrom), STRUCTURE_OUTPUT, id, STEP_PORTS.structure);
    const keywords = addNode({ type: 'input', name: `${label}_keywords`, value: step.keywords });
    connect(keywords, null, id, STEP_PORTS.keywords);
    if (step.blocks !== undefined) {
      const blocks = addNode({ type: 'input', name: `${label}_blocks`, value: step.blocks });
      connect(blocks, null, id, STEP_PORTS.blocks);
    }
    if (step.dependsOn.length) {
      const list = addNode({ type: 'function', value: LIST_FUNCTION });
      step.dependsOn.forEach((name, position) =>
        connect(requireNode(nodeOf, name), null, list, String(position)),
      );
      connect(list, null, id, STEP_PORTS.dependsOn);
    }
  }
  const leaves = steps.filter((step) => !steps.some((other) => other.dependsOn.includes(step.name)));
  for (const leaf of leaves) {
    const name = leaves.length === 1 ? 'result' : `${pythonName(leaf.name)}_result`;
    const output = addNode({ type: 'output', name });
    connect(requireNode(nodeOf, leaf.name), null, output, null);
  }
  return { workflow: { version: PWD_VERSION, nodes, edges }, extensions };
}

function requireNode(nodeOf: Map<string, number>, name: string): number {
  const id = nodeOf.get(name);
  if (id === undefined)
    throw new Error(`step "${name}" comes after a step that depends on it: not in run order`);
  return id;
}

/** A step name as a Python identifier, for node names other engines may turn into variables. */
function pythonName(name: string): string {
  const plain = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(plain) ? `step_${plain}` : plain;
}
