import {
  dipoleMoment,
  fakeLoewdinCharges,
  mayerBondOrders,
  orbitalEnergies,
  scfComponents,
  type ScfComponents,
} from './electronic-structure';
import * as fmt from './orca-format';
import { fakeMullikenCharges, fakeSpinPopulations } from './populations';
import { thermochemistry } from './thermochemistry';
import { vibrationalAnalysis, type VibrationalAnalysis } from './vibrations';

/** What the property sections depend on: the molecule, its state and where its atoms are (Bohr). */
export interface MoleculeState {
  elements: readonly string[];
  charge: number;
  multiplicity: number;
  electrons: number;
  unrestricted: boolean;
}

export function energyComponents(state: MoleculeState, xBohr: Float64Array, energy: number): ScfComponents {
  return scfComponents(state.elements, xBohr, energy);
}

/** What ORCA prints after a converged SCF: orbital energies, Mulliken, Loewdin and Mayer analyses. */
export function populationAnalysis(state: MoleculeState, xBohr: Float64Array): string[][] {
  const { elements, charge, multiplicity } = state;
  const spins = state.unrestricted ? fakeSpinPopulations(elements, multiplicity) : undefined;
  const orbitals = orbitalEnergies(state.electrons, multiplicity, charge, state.unrestricted);
  return [
    fmt.orbitalEnergies(
      'restricted' in orbitals
        ? { restricted: orbitals.restricted.orbitals }
        : { alpha: orbitals.alpha.orbitals, beta: orbitals.beta.orbitals },
    ),
    fmt.mullikenBlock(elements, fakeMullikenCharges(elements, charge), spins),
    fmt.loewdinBlock(elements, fakeLoewdinCharges(elements, charge), spins),
    fmt.mayerBlock(elements, mayerBondOrders(elements, xBohr)),
  ];
}

export function dipoleSection(state: MoleculeState, xBohr: Float64Array, energy: number): string[] {
  return fmt.dipoleBlock(dipoleMoment(state.elements, xBohr, state.charge), state.multiplicity, energy);
}

/**
 * A frequency job at `xBohr`: the harmonic frequencies of the model potential, its normal modes and the
 * thermochemistry. `imaginaryMode` (a scripted fault) turns the softest vibration into an imaginary one,
 * as at a saddle point the optimizer stopped on.
 */
export function frequencySections(
  state: MoleculeState,
  xBohr: Float64Array,
  energy: number,
  imaginaryMode = false,
): string[][] {
  const computed = vibrationalAnalysis(state.elements, xBohr);
  const vibrations = imaginaryMode ? withImaginarySoftestMode(computed) : computed;
  return [
    [
      '',
      '-----------',
      'SCF HESSIAN',
      '-----------',
      '[orcasim] the Hessian of the pair springs of the model potential (each pair taken at rest)',
    ],
    fmt.vibrationalFrequencies(vibrations.frequenciesCm1),
    fmt.normalModesBlock(vibrations.normalModes),
    fmt.thermochemistrySection(thermochemistry(energy, state.multiplicity, vibrations)),
  ];
}

/** The analysis with its lowest real vibration made imaginary (ORCA prints those first, negative). */
function withImaginarySoftestMode(vibrations: VibrationalAnalysis): VibrationalAnalysis {
  const softest = vibrations.frequenciesCm1.findIndex((f) => f > 0);
  if (softest === -1) return vibrations;
  const frequenciesCm1 = [...vibrations.frequenciesCm1];
  frequenciesCm1[softest] = -frequenciesCm1[softest]!;
  return { ...vibrations, frequenciesCm1 };
}
