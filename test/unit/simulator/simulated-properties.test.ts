import { analyzeOrcaOutputSync, type OrcaProperties } from '../../../src/orca';
import { parseGeometry } from '../../../src/ingest/geometry';
import { nuclearRepulsion, orbitalEnergies } from '../../../src/simulator/electronic-structure';
import { evaluatePotential, toBohr } from '../../../src/simulator/potential';
import { thermochemistry } from '../../../src/simulator/thermochemistry';
import { vibrationalAnalysis } from '../../../src/simulator/vibrations';
import { AMMONIA_STRETCHED, NITRIC_OXIDE, orcaInput, simulate, WATER } from './support/memory-io';

const HARTREE_EV = 27.211386245988;

async function simulatedProperties(keywords: string, atoms: string, multiplicity = 1) {
  const { code, io } = await simulate(orcaInput({ keywords, atoms, multiplicity }));
  expect(code).toBe(0);
  const report = analyzeOrcaOutputSync(io.output);
  expect(report.verdict).toMatchObject({ status: 'completed', reason: 'normal-termination' });
  return { properties: report.metrics.properties, metrics: report.metrics, io };
}

function finalGeometry(xyz: string) {
  const parsed = parseGeometry(xyz);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.atoms;
}

describe('the simulator writes what the parser reads', () => {
  let optFreq: { properties: OrcaProperties; metrics: { finalEnergyEh: number | null } };
  beforeAll(async () => {
    optFreq = await simulatedProperties('B3LYP def2-SVP OPT FREQ', AMMONIA_STRETCHED);
  });

  it('an optimization + frequencies ends at a minimum: no imaginary mode', () => {
    const f = optFreq.properties.frequencies!;
    expect(f.modes).toBe(12); // 3 × 4 atoms
    expect(f.imaginaryModes).toBe(0);
    expect(f.zeroModes).toBeGreaterThanOrEqual(6);
    expect(f.lowestCm1).toBeGreaterThan(FREE_MODE_FLOOR);
  });

  it('thermochemistry is consistent: G = H − T·S, H = U + kT, electronic energy = final energy', () => {
    const t = optFreq.properties.thermochemistry!;
    expect(t.temperatureK).toBe(298.15);
    expect(t.pressureAtm).toBe(1);
    expect(t.electronicEnergyEh).toBeCloseTo(optFreq.metrics.finalEnergyEh!, 8);
    expect(t.gibbsFreeEnergyEh!).toBeCloseTo(t.enthalpyEh! - t.entropyTermEh!, 7);
    expect(t.enthalpyEh! - t.thermalEnergyEh!).toBeCloseTo(0.00094418, 7); // kB·T at 298.15 K
    expect(t.zeroPointEnergyEh).toBeGreaterThan(0);
    expect(t.gibbsMinusElectronicEh!).toBeCloseTo(t.gibbsFreeEnergyEh! - t.electronicEnergyEh!, 7);
  });

  it('prints orbitals, Loewdin charges, Mayer bonds, gradient, energy components and dipole', async () => {
    const { properties: p, io } = await simulatedProperties('B3LYP def2-SVP FREQ', WATER);
    // water: 10 electrons, 5 doubly occupied orbitals then 10 virtual ones
    const ladder = orbitalEnergies(10, 1, 0, false);
    if (!('restricted' in ladder)) throw new Error('expected a restricted list');
    const homo = ladder.restricted.orbitals[4]!.energyEh;
    const lumo = ladder.restricted.orbitals[5]!.energyEh;
    expect(p.orbitals).toMatchObject({ homoEh: Number(homo.toFixed(6)), lumoEh: Number(lumo.toFixed(6)) });
    expect(p.orbitals!.gapEv).toBeCloseTo((lumo - homo) * HARTREE_EV, 3);
    expect(p.loewdin?.atoms.map((a) => a.element)).toEqual(['O', 'H', 'H']);
    expect(p.mayer?.bonds.map((b) => b.atoms)).toEqual([
      [0, 1],
      [0, 2],
    ]);
    const water = finalGeometry(io.file('job.xyz')!);
    const elements = water.map((a) => a.element);
    expect(p.energyComponents!.nuclearRepulsionEh).toBeCloseTo(nuclearRepulsion(elements, toBohr(water)), 5);
    expect(p.dipole!.magnitudeDebye).toBeGreaterThan(0);
    expect(p.gradient).toBeNull(); // a frequency job prints no gradient summary in the simulator
    expect(p.frequencies!.modes).toBe(9);
  });

  it('reports the frequencies and thermochemistry the simulator computed (to the printed digits)', async () => {
    const { properties: p, io } = await simulatedProperties('FREQ', WATER);
    const water = finalGeometry(io.file('job.xyz')!);
    const elements = water.map((a) => a.element);
    const x = toBohr(water);
    const vib = vibrationalAnalysis(elements, x);
    const energy = evaluatePotential({ elements, coordinatesBohr: x }).energy;
    const expected = thermochemistry(energy, 1, vib);
    expect(p.frequencies!.highestCm1).toBeCloseTo(Math.max(...vib.frequenciesCm1), 2);
    expect(p.thermochemistry!.zeroPointEnergyEh).toBeCloseTo(expected.zeroPointEnergyEh, 8);
    expect(p.thermochemistry!.gibbsFreeEnergyEh).toBeCloseTo(expected.gibbsFreeEnergyEh, 8);
  });

  it('an unrestricted run has alpha and beta frontier orbitals', async () => {
    const { properties: p } = await simulatedProperties('SP', NITRIC_OXIDE, 2);
    expect(p.orbitals?.alpha).not.toBeNull();
    expect(p.orbitals?.beta).not.toBeNull();
    expect(p.orbitals!.homoEv).toBe(Math.max(p.orbitals!.alpha!.homoEv!, p.orbitals!.beta!.homoEv!));
    expect(p.loewdin?.header).toBe('LOEWDIN ATOMIC CHARGES AND SPIN POPULATIONS');
  });

  it('a frequency job at a stretched geometry finds the imaginary modes of the model potential', async () => {
    const { properties: p } = await simulatedProperties('FREQ', 'H 0 0 0\nH 0 0 0.76');
    // H–H at 0.76 Å, beyond the inflection point of its potential (well at 0.62 Å, cut off by 0.81 Å):
    // negative curvature along the bond
    expect(p.frequencies).toMatchObject({ modes: 6, imaginaryModes: 1 });
    expect(p.frequencies!.lowestCm1).toBeLessThan(0);
  });
});

/** Frequencies below this are printed as zero modes by the simulator. */
const FREE_MODE_FLOOR = 5;
