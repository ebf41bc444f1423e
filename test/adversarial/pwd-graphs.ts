/** PWD graphs for the adversarial tests: one that orcastrate maps, and ways to break it. */
export const STEP = 'orcastrate.run_orca_step';
export const LIST = 'python_workflow_definition.shared.get_list';

/** opt (node 1) → sp (node 4), sp starting from opt's geometry: a graph orcastrate maps. */
export function twoSteps() {
  return {
    version: '0.0.1',
    nodes: [
      { id: 0, type: 'input', name: 'structure', value: null as unknown },
      { id: 1, type: 'function', value: STEP },
      { id: 2, type: 'input', name: 'opt_keywords', value: '! PBE OPT' as unknown },
      { id: 3, type: 'input', name: 'sp_keywords', value: '! PBE0' as unknown },
      { id: 4, type: 'function', value: STEP },
      { id: 5, type: 'output', name: 'result' },
    ],
    edges: [
      { target: 1, targetPort: 'structure', source: 0, sourcePort: null as string | null },
      { target: 1, targetPort: 'keywords', source: 2, sourcePort: null as string | null },
      { target: 4, targetPort: 'structure', source: 1, sourcePort: 'structure' as string | null },
      { target: 4, targetPort: 'keywords', source: 3, sourcePort: null as string | null },
      { target: 5, targetPort: null as string | null, source: 4, sourcePort: null as string | null },
    ],
  };
}
export type Graph = ReturnType<typeof twoSteps>;
export const changed = (change: (graph: Graph) => void): Graph => {
  const graph = twoSteps();
  change(graph);
  return graph;
};
export const extensions = (steps: Record<string, unknown>) => ({
  format: 'orcastrate-pwd-extensions',
  version: 1,
  steps,
});
