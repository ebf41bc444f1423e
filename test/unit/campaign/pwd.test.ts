import { parseCampaignInput } from '../../../src/campaign/input';
import { exportPwd } from '../../../src/campaign/pwd-export';
import { importPwd } from '../../../src/campaign/pwd-import';
import { resolveSteps } from '../../../src/campaign/resolve-steps';

const orca = { executable: '/opt/orca/orca', cores: 4, memoryMb: 8000, blocks: '%scf MaxIter 300 end' };
const opt = { name: 'opt', keywords: '! r2SCAN-3c OPT', recovery: { maxAttempts: 6 } };
const freq = {
  name: 'freq',
  keywords: '! r2SCAN-3c FREQ',
  dependsOn: ['opt'],
  geometryFrom: 'opt',
  walltimeMinutes: 180,
};
const sp = {
  name: 'sp',
  keywords: '! wB97X-V def2-TZVP',
  blocks: '%scf MaxIter 500 end\n%elprop Polar 1 end',
  dependsOn: ['freq'],
  geometryFrom: 'opt',
  cores: 16,
};
const threeSteps = parseCampaignInput({ orca, steps: [opt, freq, sp] });

/** Through JSON text, as the files are written and read. */
const viaFiles = <T>(value: T): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('PWD export', () => {
  it('writes opt → freq → sp as a PWD graph, the settings PWD has no place for as extensions', () => {
    const { workflow, extensions } = exportPwd(resolveSteps(threeSteps));
    expect(workflow).toEqual({
      version: '0.0.1',
      nodes: [
        { id: 0, type: 'input', name: 'structure', value: null },
        { id: 1, type: 'function', value: 'orcastrate.run_orca_step' },
        { id: 2, type: 'input', name: 'opt_keywords', value: '! r2SCAN-3c OPT' },
        { id: 3, type: 'input', name: 'opt_blocks', value: '%scf MaxIter 300 end' },
        { id: 4, type: 'function', value: 'orcastrate.run_orca_step' },
        { id: 5, type: 'input', name: 'freq_keywords', value: '! r2SCAN-3c FREQ' },
        { id: 6, type: 'input', name: 'freq_blocks', value: '%scf MaxIter 300 end' },
        { id: 7, type: 'function', value: 'python_workflow_definition.shared.get_list' },
        { id: 8, type: 'function', value: 'orcastrate.run_orca_step' },
        { id: 9, type: 'input', name: 'sp_keywords', value: '! wB97X-V def2-TZVP' },
        { id: 10, type: 'input', name: 'sp_blocks', value: '%scf MaxIter 500 end\n%elprop Polar 1 end' },
        { id: 11, type: 'function', value: 'python_workflow_definition.shared.get_list' },
        { id: 12, type: 'output', name: 'result' },
      ],
      edges: [
        { target: 1, targetPort: 'structure', source: 0, sourcePort: null },
        { target: 1, targetPort: 'keywords', source: 2, sourcePort: null },
        { target: 1, targetPort: 'blocks', source: 3, sourcePort: null },
        { target: 4, targetPort: 'structure', source: 1, sourcePort: 'structure' },
        { target: 4, targetPort: 'keywords', source: 5, sourcePort: null },
        { target: 4, targetPort: 'blocks', source: 6, sourcePort: null },
        { target: 7, targetPort: '0', source: 1, sourcePort: null },
        { target: 4, targetPort: 'depends_on', source: 7, sourcePort: null },
        { target: 8, targetPort: 'structure', source: 1, sourcePort: 'structure' },
        { target: 8, targetPort: 'keywords', source: 9, sourcePort: null },
        { target: 8, targetPort: 'blocks', source: 10, sourcePort: null },
        { target: 11, targetPort: '0', source: 4, sourcePort: null },
        { target: 8, targetPort: 'depends_on', source: 11, sourcePort: null },
        { target: 12, targetPort: null, source: 8, sourcePort: null },
      ],
    });
    expect(extensions).toEqual({
      format: 'orcastrate-pwd-extensions',
      version: 1,
      steps: {
        '1': {
          name: 'opt',
          cores: 4,
          memoryMb: 8000,
          walltimeMinutes: 60,
          recovery: { strategy: 'adaptive', maxAttempts: 6 },
        },
        '4': {
          name: 'freq',
          cores: 4,
          memoryMb: 8000,
          walltimeMinutes: 180,
          recovery: { strategy: 'adaptive', maxAttempts: 4 },
        },
        '8': {
          name: 'sp',
          cores: 16,
          memoryMb: 8000,
          walltimeMinutes: 60,
          recovery: { strategy: 'adaptive', maxAttempts: 4 },
        },
      },
    });
  });

  it('names one output per step nothing depends on', () => {
    const fork = parseCampaignInput({
      orca: { ...orca, keywords: '! PBE' },
      steps: [{ name: 'opt' }, { name: 'freq', dependsOn: ['opt'] }, { name: 'nmr.1', dependsOn: ['opt'] }],
    });
    const outputs = exportPwd(resolveSteps(fork)).workflow.nodes.filter((node) => node.type === 'output');
    expect(outputs.map((node) => ('name' in node ? node.name : ''))).toEqual(['freq_result', 'nmr_1_result']);
  });
});

describe('PWD import', () => {
  it('round-trips: export → import gives the same steps, explicit, and the campaign resolves them the same', () => {
    const { workflow, extensions } = exportPwd(resolveSteps(threeSteps));
    const imported = importPwd(viaFiles(workflow), viaFiles(extensions));
    expect(imported).toEqual({
      ok: true,
      steps: resolveSteps(threeSteps).map(({ dependsOn, ...step }) => ({
        ...step,
        ...(dependsOn.length ? { dependsOn } : {}),
      })),
    });
    if (!imported.ok) return;
    const again = parseCampaignInput({ orca, steps: imported.steps });
    expect(resolveSteps(again)).toEqual(resolveSteps(threeSteps));
    // and once more: a second export is the same file
    expect(exportPwd(resolveSteps(again))).toEqual(exportPwd(resolveSteps(threeSteps)));
  });

  it('round-trips a one-step campaign as a pipeline of its one step', () => {
    const single = parseCampaignInput({ orca: { ...orca, keywords: '! PBE0 def2-SVP' } });
    const { workflow, extensions } = exportPwd(resolveSteps(single));
    const imported = importPwd(viaFiles(workflow), viaFiles(extensions));
    expect(imported).toEqual({
      ok: true,
      steps: [
        {
          name: 'main',
          keywords: '! PBE0 def2-SVP',
          blocks: '%scf MaxIter 300 end',
          cores: 4,
          memoryMb: 8000,
          walltimeMinutes: 60,
          recovery: { strategy: 'adaptive', maxAttempts: 4 },
        },
      ],
    });
  });

  it('reads a file without version or extensions: steps named after their nodes, a structure edge a dependency', () => {
    const workflow = {
      nodes: [
        { id: 0, type: 'function', value: 'orcastrate.run_orca_step' },
        { id: 1, type: 'function', value: 'orcastrate.run_orca_step' },
        { id: 2, type: 'input', name: 'molecule', value: null },
        { id: 3, type: 'input', name: 'opt', value: '! PBE OPT' },
        { id: 4, type: 'input', name: 'sp', value: '! PBE0' },
        { id: 5, type: 'output', name: 'result' },
      ],
      edges: [
        { target: 1, targetPort: 'structure', source: 0, sourcePort: 'structure' },
        { target: 1, targetPort: 'keywords', source: 4, sourcePort: null },
        { target: 0, targetPort: 'structure', source: 2, sourcePort: null },
        { target: 0, targetPort: 'keywords', source: 3, sourcePort: null },
        { target: 5, targetPort: null, source: 1, sourcePort: null },
      ],
    };
    expect(importPwd(workflow)).toEqual({
      ok: true,
      steps: [
        { name: 'step-0', keywords: '! PBE OPT' },
        { name: 'step-1', keywords: '! PBE0', dependsOn: ['step-0'], geometryFrom: 'step-0' },
      ],
    });
  });
});
