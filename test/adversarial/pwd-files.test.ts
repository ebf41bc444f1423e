import { importPwd } from '../../src/campaign/pwd-import';
import { changed, extensions, LIST, STEP, twoSteps } from './pwd-graphs';

function problemsOf(workflow: unknown, ext?: unknown): string[] {
  const imported = importPwd(workflow, ext);
  if (imported.ok) throw new Error(`mapped: ${JSON.stringify(imported.steps)}`);
  return imported.problems;
}

describe('pwd import refuses what it cannot map, naming the node, edge or field', () => {
  it('maps the unchanged graph (the cases below each break one thing)', () => {
    expect(importPwd(twoSteps())).toMatchObject({ ok: true });
  });

  it.each<[string, unknown, string]>([
    ['a JSON array', [], '(input): Invalid input: expected object, received array'],
    ['no nodes', { edges: [] }, 'nodes: Invalid input: expected array, received undefined'],
    [
      'a node id that is no integer',
      changed((g) => (g.nodes[1]!.id = 1.5)),
      'nodes.1.id: Invalid input: expected int',
    ],
    ['a version that is no string', { ...twoSteps(), version: 1 }, 'version: Invalid input: expected string'],
    [
      'a node type we cannot map',
      changed((g) => g.nodes.push({ id: 9, type: 'while', value: STEP })),
      'node 9 (while ""): type "while" cannot be mapped to ORCA steps',
    ],
    [
      'an unknown function',
      changed((g) => (g.nodes[4]!.value = 'workflow.calculate_qe')),
      'node 4 (workflow.calculate_qe): unknown function "workflow.calculate_qe": orcastrate maps orcastrate.run_orca_step',
    ],
    [
      'a function value without a module',
      changed((g) => (g.nodes[4]!.value = 'run_orca_step')),
      'node 4 (run_orca_step): a function node needs a dotted "module.function" value',
    ],
    ['two nodes with one id', changed((g) => (g.nodes[5]!.id = 4)), 'nodes[5]: id 4 is given to two nodes'],
    [
      'a dangling edge',
      changed((g) => (g.edges[3]!.source = 17)),
      'edges[3]: source 17 is no node of the workflow (dangling edge)',
    ],
    [
      'a cycle',
      changed((g) => g.edges.push({ target: 1, targetPort: 'depends_on', source: 4, sourcePort: null })),
      'cycle: node 1 ("step-1") → node 4 ("step-4") → node 1 ("step-1")',
    ],
    [
      'a fixed structure',
      changed((g) => (g.nodes[0]!.value = 'O 0 0 0\nH 0 0 1\nH 0 1 0')),
      'a fixed structure cannot be mapped: each campaign job brings its own',
    ],
    [
      'an input that feeds nothing',
      changed((g) => g.nodes.push({ id: 7, type: 'input', name: 'temperature', value: 298 })),
      'node 7 (input "temperature"): feeds no step, so orcastrate cannot map it',
    ],
    [
      'an input into a port we do not have',
      changed((g) => {
        g.nodes.push({ id: 7, type: 'input', name: 'temperature', value: 298 });
        g.edges.push({ target: 4, targetPort: 'temperature', source: 7, sourcePort: null });
      }),
      'edges[5] into node 4 (orcastrate.run_orca_step): orcastrate.run_orca_step has no port "temperature"',
    ],
    [
      'two edges into one port',
      changed((g) => g.edges.push({ target: 4, targetPort: 'keywords', source: 2, sourcePort: null })),
      'edges[5] into node 4 (orcastrate.run_orca_step): a second edge into port "keywords"',
    ],
    [
      'a step without keywords',
      changed((g) => g.edges.splice(3, 1)),
      'node 4 (orcastrate.run_orca_step): no edge into its "keywords" port',
    ],
    [
      'a step output other than its structure as a structure',
      changed((g) => (g.edges[2]!.sourcePort = 'energy')),
      `a step's "structure" output is the only one that is a structure`,
    ],
    [
      'keywords that are not a string',
      changed((g) => (g.nodes[3]!.value = ['PBE0'])),
      'the keywords input needs a string value',
    ],
    [
      'keywords that are no ORCA line',
      changed((g) => (g.nodes[3]!.value = 'PBE0')),
      'node 4 (step "step-4"): keywords: must start with "!" like an ORCA simple-input line',
    ],
    [
      'blocks the orchestrator owns',
      changed((g) => {
        g.nodes.push({ id: 7, type: 'input', name: 'sp_blocks', value: '%pal nprocs 64 end' });
        g.edges.push({ target: 4, targetPort: 'blocks', source: 7, sourcePort: null });
      }),
      'node 4 (step "step-4"): blocks: line 1: %pal and %maxcore follow cores and memoryMb',
    ],
    [
      'an edge into an input',
      changed((g) => g.edges.push({ target: 2, targetPort: 'x', source: 1, sourcePort: null })),
      'edges[5]: node 2 (input "opt_keywords") is an input and takes no edge',
    ],
    [
      'a get_list fed by an input',
      changed((g) => {
        g.nodes.push({ id: 7, type: 'function', value: LIST });
        g.edges.push({ target: 7, targetPort: '0', source: 2, sourcePort: null });
        g.edges.push({ target: 4, targetPort: 'depends_on', source: 7, sourcePort: null });
      }),
      'edges[5] into node 7 (python_workflow_definition.shared.get_list): get_list gathers whole step results only',
    ],
    [
      'no step at all',
      { nodes: [], edges: [] },
      'no orcastrate.run_orca_step node: nothing orcastrate can run',
    ],
    [
      'more than 20 steps',
      {
        nodes: [
          { id: 0, type: 'input', name: 'structure', value: null },
          { id: 1, type: 'input', name: 'k', value: '! PBE' },
          ...Array.from({ length: 21 }, (_, i) => ({ id: 10 + i, type: 'function', value: STEP })),
        ],
        edges: Array.from({ length: 21 }, (_, i) => [
          { target: 10 + i, targetPort: 'structure', source: 0, sourcePort: null },
          { target: 10 + i, targetPort: 'keywords', source: 1, sourcePort: null },
        ]).flat(),
      },
      'steps: Too big: expected array to have <=20 items',
    ],
  ])('%s', (_what, workflow, message) => {
    expect(problemsOf(workflow)).toContainEqual(expect.stringContaining(message));
  });

  it.each<[string, unknown, string]>([
    [
      'another format',
      { format: 'aiida', version: 1, steps: {} },
      'extensions: format: Invalid input: expected "orcastrate-pwd-extensions"',
    ],
    [
      'settings of a node that is no step',
      extensions({ '2': { name: 'x' } }),
      'extensions: steps.2: node 2 is no orcastrate.run_orca_step node',
    ],
    [
      'a step name unfit for ids and paths',
      extensions({ '1': { name: '../opt' } }),
      'extensions: steps.1.name: letters, digits',
    ],
    [
      'an unknown setting',
      extensions({ '1': { name: 'opt', core: 2 } }),
      'extensions: steps.1.core: unknown field (did you mean steps.1.cores?)',
    ],
    [
      'two steps of one name',
      extensions({ '1': { name: 'opt' }, '4': { name: 'opt' } }),
      'node 4 (step "opt"): name: "opt" is already the name of steps.0',
    ],
  ])('extensions with %s', (_what, ext, message) => {
    expect(problemsOf(twoSteps(), ext)).toContainEqual(expect.stringContaining(message));
  });
});
