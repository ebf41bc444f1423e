import { parseCampaignInput, type InvalidInputError } from '../../../src/campaign/input';
import { resolveSteps, stepOrcaSettings } from '../../../src/campaign/resolve-steps';

const executable = '/opt/orca/orca';
const pipeline = {
  orca: { executable, cores: 2, memoryMb: 4000, blocks: '%scf MaxIter 300 end' },
  recovery: { strategy: 'adaptive', maxAttempts: 3 },
  steps: [
    // given out of order on purpose: run order puts opt first
    { name: 'sp', keywords: '! DLPNO-CCSD(T) def2-TZVP', dependsOn: ['freq'], geometryFrom: 'opt', cores: 8 },
    {
      name: 'opt',
      keywords: '! r2SCAN-3c OPT',
      blocks: '%geom MaxIter 200 end',
      recovery: { maxAttempts: 5 },
    },
    {
      name: 'freq',
      keywords: '! r2SCAN-3c FREQ',
      dependsOn: ['opt'],
      geometryFrom: 'opt',
      blocks: '%scf MaxIter 900 end',
      walltimeMinutes: 240,
    },
  ],
};

function problemsOf(raw: unknown): string[] {
  try {
    parseCampaignInput(raw);
  } catch (error) {
    return (error as InvalidInputError).problems;
  }
  throw new Error('the input was accepted');
}

const withSteps = (steps: unknown[], orca: object = { executable }) => ({ orca, steps });

describe('campaign steps', () => {
  it('resolves a pipeline in run order with each step’s effective settings', () => {
    const settings = parseCampaignInput(pipeline);
    expect(resolveSteps(settings)).toEqual([
      {
        name: 'opt',
        keywords: '! r2SCAN-3c OPT',
        blocks: '%scf MaxIter 300 end\n%geom MaxIter 200 end',
        cores: 2,
        memoryMb: 4000,
        walltimeMinutes: 60,
        recovery: { strategy: 'adaptive', maxAttempts: 5 },
        dependsOn: [],
      },
      {
        name: 'freq',
        keywords: '! r2SCAN-3c FREQ',
        blocks: '%scf MaxIter 900 end',
        cores: 2,
        memoryMb: 4000,
        walltimeMinutes: 240,
        recovery: { strategy: 'adaptive', maxAttempts: 3 },
        dependsOn: ['opt'],
        geometryFrom: 'opt',
      },
      {
        name: 'sp',
        keywords: '! DLPNO-CCSD(T) def2-TZVP',
        blocks: '%scf MaxIter 300 end',
        cores: 8,
        memoryMb: 4000,
        walltimeMinutes: 60,
        recovery: { strategy: 'adaptive', maxAttempts: 3 },
        dependsOn: ['freq'],
        geometryFrom: 'opt',
      },
    ]);
  });

  it('carries the first step’s keywords as orca.keywords when the campaign gives none, and reads back the same', () => {
    const settings = parseCampaignInput(pipeline);
    expect(settings.orca.keywords).toBe('! r2SCAN-3c OPT');
    const stored = JSON.parse(JSON.stringify(settings)) as unknown; // as Postgres keeps campaigns.settings
    expect(parseCampaignInput(stored)).toEqual(settings);
    expect(resolveSteps(parseCampaignInput(stored))).toEqual(resolveSteps(settings));
  });

  it('takes orca.keywords as the default of steps without keywords', () => {
    const settings = parseCampaignInput(
      withSteps([{ name: 'a' }, { name: 'b', dependsOn: ['a'], keywords: '! HF' }], {
        executable,
        keywords: '! PBE',
      }),
    );
    expect(resolveSteps(settings).map((step) => [step.name, step.keywords])).toEqual([
      ['a', '! PBE'],
      ['b', '! HF'],
    ]);
  });

  it('reads a campaign without steps as one step, main, with the campaign’s settings', () => {
    const settings = parseCampaignInput({
      orca: { executable, keywords: '! PBE', blocks: '%scf MaxIter 1 end' },
    });
    expect(resolveSteps(settings)).toEqual([
      {
        name: 'main',
        keywords: '! PBE',
        blocks: '%scf MaxIter 1 end',
        cores: 1,
        memoryMb: 2000,
        walltimeMinutes: 60,
        recovery: { strategy: 'adaptive', maxAttempts: 4 },
        dependsOn: [],
      },
    ]);
  });

  it('gives a step’s jobs ORCA settings of their own', () => {
    const settings = parseCampaignInput(pipeline);
    const [opt, , sp] = resolveSteps(settings);
    expect(stepOrcaSettings(settings.orca, sp!)).toEqual({
      keywords: '! DLPNO-CCSD(T) def2-TZVP',
      blocks: '%scf MaxIter 300 end',
      executable,
      cores: 8,
      memoryMb: 4000,
      walltimeMinutes: 60,
    });
    const noBlocks = parseCampaignInput(withSteps([{ name: 'x', keywords: '! PBE' }]));
    expect(stepOrcaSettings(noBlocks.orca, resolveSteps(noBlocks)[0]!)).not.toHaveProperty('blocks');
    expect(opt!.blocks).toContain('%geom');
  });

  it.each([
    [
      'an unknown dependency, with the closest name',
      withSteps([
        { name: 'opt', keywords: '! PBE OPT' },
        { name: 'sp', keywords: '! PBE', dependsOn: ['optt'] },
      ]),
      'steps.1.dependsOn.0: unknown step "optt" (did you mean "opt"?)',
    ],
    [
      'a step depending on itself',
      withSteps([{ name: 'a', keywords: '! PBE', dependsOn: ['a'] }]),
      'steps.0.dependsOn.0: a step cannot depend on itself',
    ],
    [
      'a dependency listed twice',
      withSteps([
        { name: 'a', keywords: '! PBE' },
        { name: 'b', keywords: '! PBE', dependsOn: ['a', 'a'] },
      ]),
      'steps.1.dependsOn.1: "a" is listed twice',
    ],
    [
      'two steps of one name',
      withSteps([
        { name: 'a', keywords: '! PBE' },
        { name: 'a', keywords: '! HF' },
      ]),
      'steps.1.name: "a" is already the name of steps.0',
    ],
    [
      'a cycle, named',
      withSteps([
        { name: 'a', keywords: '! PBE', dependsOn: ['c'] },
        { name: 'b', keywords: '! PBE', dependsOn: ['a'] },
        { name: 'c', keywords: '! PBE', dependsOn: ['b'] },
      ]),
      'steps.0.dependsOn: cycle: a → c → b → a',
    ],
    [
      'geometryFrom a step it does not depend on',
      withSteps([
        { name: 'a', keywords: '! PBE' },
        { name: 'b', keywords: '! PBE', geometryFrom: 'a' },
      ]),
      'steps.1.geometryFrom: "a" is not a step "b" depends on (directly or through others): add it to dependsOn',
    ],
    [
      'geometryFrom an unknown step',
      withSteps([{ name: 'a', keywords: '! PBE', geometryFrom: 'z' }]),
      'steps.0.geometryFrom: unknown step "z"',
    ],
    [
      'a step without keywords and no default',
      withSteps([{ name: 'a' }]),
      'steps.0.keywords: required: orca.keywords gives no default',
    ],
    [
      'a step name unfit for workflow ids and paths',
      withSteps([{ name: '../x', keywords: '! PBE' }]),
      'steps.0.name: letters, digits, dot, underscore and dash',
    ],
    [
      'more than 20 steps',
      withSteps(Array.from({ length: 21 }, (_, i) => ({ name: `s${i}`, keywords: '! PBE' }))),
      'steps: Too big',
    ],
    ['no steps at all', withSteps([]), 'steps: Too small'],
    [
      'a step’s blocks with a coordinate block',
      withSteps([{ name: 'a', keywords: '! PBE', blocks: '* xyz 0 1\nH 0 0 0\n*' }]),
      'steps.0.blocks: line 1: "* …": the structure comes from the CSV',
    ],
    [
      'campaign blocks owning %pal',
      { orca: { executable, keywords: '! PBE', blocks: '%pal nprocs 8 end' } },
      'orca.blocks: line 1: %pal and %maxcore follow cores and memoryMb: set those instead',
    ],
    [
      'a misspelt step field',
      withSteps([{ name: 'a', keywords: '! PBE', depends_on: ['b'] }]),
      'steps.0.depends_on: unknown field (did you mean steps.0.dependsOn?)',
    ],
  ])('refuses %s', (_what, input, message) => {
    expect(problemsOf(input)).toContainEqual(expect.stringContaining(message));
  });

  it('names a missing orca.keywords of a one-step campaign with the other bad fields', () => {
    expect(problemsOf({ orca: { executable: 'orca' }, maxInFlight: 0 })).toEqual([
      'orca.executable: must be an absolute path',
      'maxInFlight: Too small: expected number to be >=1',
      'orca.keywords: required: the ORCA simple-input line, e.g. "! B3LYP def2-SVP OPT" (or give steps)',
    ]);
  });
});
