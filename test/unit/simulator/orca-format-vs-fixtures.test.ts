import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AMMONIA_STRETCHED, NITRIC_OXIDE, orcaInput, simulate, WATER } from './support/memory-io';
import { FIXTURE_DIR, FIXTURES, LINE, type LineName } from './support/orca-line-formats';

/** Which real fixture shows each line, and which simulator run must print it too. */
const CASES: [LineName, keyof typeof FIXTURES, SimulatorRun][] = [
  ['version', 'opt61', 'opt'],
  ['inputEcho', 'opt61', 'opt'],
  ['hfType', 'opt60', 'opt'],
  ['hfType', 'openShellSp60', 'openShell'],
  ['totalCharge', 'opt60', 'opt'],
  ['multiplicity', 'openShellSp60', 'openShell'],
  ['optCycle', 'opt60', 'opt'],
  ['coordinatesHeader', 'opt60', 'opt'],
  ['scfIteration', 'opt60', 'opt'],
  ['scfConverged', 'opt60', 'opt'],
  ['scfNotConverged', 'scfFailed40', 'scfFailedOpt'],
  ['fspe', 'opt60', 'opt'],
  ['fspe', 'scfFailed40', 'scfFailedOpt'],
  ['mullikenHeader', 'opt60', 'opt'],
  ['mullikenHeader', 'openShellSp60', 'openShell'],
  ['mullikenRow', 'openShellSp60', 'openShell'],
  ['mullikenRow', 'opt60', 'opt'],
  ['chargeSum', 'opt60', 'opt'],
  ['chargeSum', 'openShellSp60', 'openShell'],
  ['spinSum', 'openShellSp60', 'openShell'],
  ['gradientHeader', 'opt60', 'opt'],
  ['gradientRow', 'opt61', 'opt'],
  ['cartesianMaxGradient', 'opt60', 'opt'],
  ['convergenceRow', 'opt60', 'opt'],
  ['optConverged', 'opt60', 'opt'],
  ['optNotYetConverged', 'opt60', 'opt'],
  ['optNotConverged', 'optMaxIter50', 'optMaxIter'],
  ['errorTermination', 'gtoIntError', 'errorTermination'],
  ['aborting', 'gtoIntError', 'errorTermination'],
  ['aborting', 'scfFailed40', 'scfFailedOpt'],
  ['terminatedNormally', 'opt60', 'opt'],
  ['totalRunTime', 'opt61', 'opt'],
  ['nuclearRepulsion', 'opt61', 'opt'],
  ['oneElectronEnergy', 'opt61', 'opt'],
  ['exchangeCorrelation', 'opt61', 'opt'],
  ['orbitalEnergiesHeader', 'tsFreq61', 'optFreq'],
  ['orbitalRow', 'tsFreq61', 'optFreq'],
  ['spinDownOrbitals', 'openShellSp60', 'openShell'],
  ['orbitalRow', 'openShellSp60', 'openShell'],
  ['loewdinHeader', 'tsFreq61', 'optFreq'],
  ['loewdinHeader', 'openShellSp60', 'openShell'],
  ['mayerBanner', 'tsFreq61', 'optFreq'],
  ['mayerBonds', 'tsFreq61', 'optFreq'],
  ['gradientNorm', 'optFreq61', 'opt'],
  ['gradientRms', 'optFreq61', 'opt'],
  ['dipoleTotal', 'tsFreq61', 'optFreq'],
  ['dipoleDebye', 'tsFreq61', 'optFreq'],
  ['frequencyRow', 'tsFreq61', 'optFreq'],
  ['thermochemistryHeader', 'tsFreq61', 'optFreq'],
  ['temperature', 'tsFreq61', 'optFreq'],
  ['zeroPointEnergy', 'tsFreq61', 'optFreq'],
  ['totalEnthalpy', 'tsFreq61', 'optFreq'],
  ['finalEntropyTerm', 'tsFreq61', 'optFreq'],
  ['gibbsFreeEnergy', 'tsFreq61', 'optFreq'],
  ['gibbsMinusElectronic', 'tsFreq61', 'optFreq'],
];

type SimulatorRun = 'opt' | 'optFreq' | 'openShell' | 'scfFailedOpt' | 'optMaxIter' | 'errorTermination';

const RUNS: Record<SimulatorRun, () => Promise<string>> = {
  opt: async () => (await simulate(orcaInput({ keywords: 'OPT', atoms: AMMONIA_STRETCHED }))).io.output,
  optFreq: async () =>
    (await simulate(orcaInput({ keywords: 'OPT FREQ', atoms: AMMONIA_STRETCHED }))).io.output,
  openShell: async () =>
    (await simulate(orcaInput({ keywords: 'SP', multiplicity: 2, atoms: NITRIC_OXIDE }))).io.output,
  scfFailedOpt: async () =>
    (
      await simulate(
        orcaInput({ keywords: 'OPT', atoms: WATER, extra: ['# orcasim-fault: scf-not-converged'] }),
      )
    ).io.output,
  optMaxIter: async () =>
    (await simulate(orcaInput({ keywords: 'OPT', atoms: AMMONIA_STRETCHED, extra: ['%geom maxiter 1 end'] })))
      .io.output,
  errorTermination: async () =>
    (
      await simulate(
        orcaInput({ keywords: 'SP', atoms: WATER, extra: ['# orcasim-fault: error-termination'] }),
      )
    ).io.output,
};

const haveFixtures = existsSync(FIXTURE_DIR);
const itWithFixtures = haveFixtures ? it : it.skip;

function someLineMatches(text: string, pattern: RegExp): boolean {
  return text.split(/\r?\n/).some((line) => pattern.test(line));
}

describe('simulator output uses the line formats of real ORCA', () => {
  const outputs = new Map<SimulatorRun, string>();
  beforeAll(async () => {
    for (const [name, run] of Object.entries(RUNS)) outputs.set(name as SimulatorRun, await run());
  });

  it.each(CASES)('%s: the simulator (%s fixture) prints it in the %s run', (line, _fixture, run) => {
    expect(someLineMatches(outputs.get(run)!, LINE[line])).toBe(true);
  });

  itWithFixtures.each(CASES)('%s: the regex matches the real %s fixture', (line, fixture) => {
    const text = readFileSync(path.join(FIXTURE_DIR, FIXTURES[fixture]), 'utf8');
    expect(someLineMatches(text, LINE[line])).toBe(true);
  });

  itWithFixtures('writes .engrad files in the layout of a real one', async () => {
    const real = readFileSync(path.join(FIXTURE_DIR, FIXTURES.waterEngrad), 'utf8').split('\n');
    const { io } = await simulate(orcaInput({ keywords: 'EnGrad', atoms: WATER }));
    const ours = io.file('job.engrad')!.split('\n');
    const commentLines = (lines: string[]) =>
      lines.flatMap((l, i) => (l.startsWith('#') ? [`${i}:${l}`] : []));
    expect(commentLines(ours)).toEqual(commentLines(real));
    const shape = (l: string) =>
      l
        .replace(/-?\d+\.\d+/g, 'F')
        .replace(/\s+/g, ' ')
        .trim();
    expect(ours.filter((l) => !l.startsWith('#')).map(shape)).toEqual(
      real.filter((l) => !l.startsWith('#')).map(shape),
    );
  });
});
