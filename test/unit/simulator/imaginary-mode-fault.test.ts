import { formatXyz, parseGeometry, type Atom } from '../../../src/ingest/geometry';
import { displaceAtoms } from '../../../src/jobs/displaced-geometry';
import { NormalModeReader } from '../../../src/orca/normal-modes';
import { analyzeOrcaOutputSync } from '../../../src/orca/output-report';
import { simulate, WATER } from './support/memory-io';

const INPUT = (fault: string) =>
  ['! B3LYP def2-SVP Opt Freq', `# orcasim-fault: ${fault}`, '* xyzfile 0 1 input.xyz', ''].join('\n');

function atomsOf(xyz: string): Atom[] {
  const parsed = parseGeometry(xyz);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.atoms;
}

function modeOf(output: string, frequencyCm1: number) {
  const reader = new NormalModeReader(frequencyCm1);
  for (const line of output.split('\n')) reader.acceptLine(line);
  return reader.result();
}

describe('orcasim fault imaginary-mode: a frequency job off a saddle point, healed by a displaced re-opt', () => {
  it('reports one imaginary mode with its NORMAL MODES column, gone once started displaced along it', async () => {
    const first = await simulate(
      INPUT('imaginary-mode'),
      {},
      { 'input.xyz': formatXyz(atomsOf(WATER), 'row 0') },
    );
    expect(first.code).toBe(0);
    const frequencies = analyzeOrcaOutputSync(first.io.output).metrics.properties.frequencies!;
    expect(frequencies.imaginaryModes).toBe(1);
    const imaginary = frequencies.imaginaryCm1[0]!;
    expect(imaginary).toBeLessThan(0);
    // the imaginary mode is printed first after the zero modes (translations, rotations, free bends)
    const mode = modeOf(first.io.output, imaginary)!;
    expect(mode.index).toBe(frequencies.zeroModes);
    expect(mode.displacements).toHaveLength(9);
    const norm = Math.hypot(...mode.displacements);
    expect(norm).toBeCloseTo(1, 4);

    const atoms = atomsOf(first.io.file('job.xyz')!);
    const displaced = displaceAtoms(atoms, mode.displacements, 0.15)!;
    const moved = displaced.map((atom, i) =>
      Math.hypot(atom.x - atoms[i]!.x, atom.y - atoms[i]!.y, atom.z - atoms[i]!.z),
    );
    expect(Math.max(...moved)).toBeCloseTo(0.15, 6);

    const again = await simulate(
      INPUT('imaginary-mode'),
      {},
      {
        'input.xyz': formatXyz(displaced, 'displaced 0.15 Angstrom along mode 6 of attempt 1'),
      },
    );
    expect(again.code).toBe(0);
    const healed = analyzeOrcaOutputSync(again.io.output).metrics.properties.frequencies!;
    expect(healed.imaginaryModes).toBe(0);
    expect(healed.lowestCm1).toBeGreaterThan(0);
  });

  it('keeps the imaginary mode after a displaced start with heals=no', async () => {
    const displaced = formatXyz(atomsOf(WATER), 'displaced 0.15 Angstrom along mode 7 of attempt 1');
    const stubborn = await simulate(INPUT('imaginary-mode heals=no'), {}, { 'input.xyz': displaced });
    expect(analyzeOrcaOutputSync(stubborn.io.output).metrics.properties.frequencies!.imaginaryModes).toBe(1);
    const healed = await simulate(INPUT('imaginary-mode'), {}, { 'input.xyz': displaced });
    expect(analyzeOrcaOutputSync(healed.io.output).metrics.properties.frequencies!.imaginaryModes).toBe(0);
  });

  it('prints every mode of a healthy frequency job: zero columns for translations and rotations', async () => {
    const { io } = await simulate(INPUT('none'), {}, { 'input.xyz': formatXyz(atomsOf(WATER), 'row 0') });
    const frequencies = analyzeOrcaOutputSync(io.output).metrics.properties.frequencies!;
    expect(frequencies.imaginaryModes).toBe(0);
    expect(modeOf(io.output, 0)!.displacements).toEqual(new Array(9).fill(0));
    const bend = modeOf(io.output, frequencies.lowestCm1!)!;
    expect(bend.index).toBe(frequencies.zeroModes);
    expect(Math.hypot(...bend.displacements)).toBeCloseTo(1, 4);
  });
});
