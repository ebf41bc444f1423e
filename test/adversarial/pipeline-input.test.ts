import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { campaignInput, writeCampaignCsv } from '../campaign/support';
import { useRunningTestWorker } from '../harness/temporal';
import { BUILT_CLI, runNode, workflowFailure } from './support';

const opt = { name: 'opt', keywords: '! r2SCAN-3c OPT' };

/** A campaign input whose steps (and orca blocks) are replaced. */
function withSteps(steps: unknown[], orcaBlocks?: string): Record<string, unknown> {
  const input = campaignInput(writeCampaignCsv([''])) as Record<string, unknown>;
  const { keywords: _keywords, ...orca } = input.orca as Record<string, unknown>;
  return { ...input, orca: { ...orca, ...(orcaBlocks ? { blocks: orcaBlocks } : {}) }, steps };
}

describe('bad steps and blocks fail a campaign at once, naming the field', () => {
  const harness = useRunningTestWorker('pipeline-input');

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a dependency on a misspelt step',
      withSteps([opt, { name: 'freq', keywords: '! FREQ', dependsOn: ['optt'] }]),
      'steps.1.dependsOn.0: unknown step "optt" (did you mean "opt"?)',
    ],
    [
      'a dependency cycle',
      withSteps([
        { ...opt, dependsOn: ['sp'] },
        { name: 'sp', keywords: '! PBE0', dependsOn: ['opt'] },
      ]),
      'steps.0.dependsOn: cycle: opt → sp → opt',
    ],
    [
      'geometry from a step that does not run before',
      withSteps([opt, { name: 'sp', keywords: '! PBE0', geometryFrom: 'opt' }]),
      'steps.1.geometryFrom: "opt" is not a step "sp" depends on',
    ],
    [
      'a coordinate block of the user’s own',
      withSteps([{ ...opt, blocks: '%geom MaxIter 80 end\n*xyz 0 1\nO 0 0 0\n*' }]),
      'steps.0.blocks: line 2: "*xyz …": the structure comes from the CSV',
    ],
    [
      'an %scf block without its end',
      withSteps([opt], '%scf MaxIter 300\n%geom MaxIter 80 end'),
      'orca.blocks: line 1: the %scf block is not closed by "end" before %geom on line 2',
    ],
    [
      'a %pal block',
      withSteps([{ ...opt, blocks: '%pal nprocs 32 end' }]),
      'steps.0.blocks: line 1: %pal and %maxcore follow cores and memoryMb: set those instead',
    ],
    [
      'no keywords for a step when the campaign gives none',
      withSteps([{ name: 'opt' }]),
      'steps.0.keywords: required: orca.keywords gives no default',
    ],
  ])('%s', async (_what, input, message) => {
    const handle = await harness.client.workflow.start('campaign', {
      taskQueue: harness.config.temporal.taskQueue,
      workflowId: `pi-${randomUUID().slice(0, 8)}`,
      args: [input],
    });
    const failure = await workflowFailure(handle.result());
    expect(failure.type).toBe('InvalidCampaignInput');
    expect(failure.message).toContain(message);
  });

  it('`orcastrate start --input` refuses them before connecting to Temporal (exit 2)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'orcastrate-pi-')), 'campaign.json');
    writeFileSync(file, JSON.stringify(withSteps([opt, { name: 'opt', keywords: '! FREQ' }])));
    const result = await runNode(BUILT_CLI, ['start', '--campaign', 'pi-cli', '--input', file], {
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('steps.1.name: "opt" is already the name of steps.0');
  });

  it('`orcastrate reset-failed --block` with an unclosed block is refused before anything is sent (exit 2)', async () => {
    const args = ['reset-failed', 'pi-cli', '--block', '%scf MaxIter 500 end', '--block', '%geom MaxIter 80'];
    const result = await runNode(BUILT_CLI, args, { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('overrides.blocks.1: line 1: the %geom block is not closed by "end"');
  });
});
