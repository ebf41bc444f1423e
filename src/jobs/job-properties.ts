import type { FrontierOrbitals, OrcaProperties } from '../orca/property-types';
import type { JobProperties, SpinFrontier } from './types';

/**
 * Mayer bond orders kept per job: ORCA prints every order above 0.1, most of them contacts; 0.25 keeps
 * bonds, including the partial ones of a transition state (the forming C–F bond of sn2_ts is 0.29).
 */
export const MAYER_BOND_ORDER_MIN = 0.25;

/** Bounds that keep a job's properties small in the verdict and the jobs row. */
const MAX_ATOMS = 1000;
const MAX_BONDS = 2000;
const MAX_FRAMES = 500;
const MAX_WARNING_MESSAGES = 10;

function put<K extends keyof JobProperties>(
  target: JobProperties,
  key: K,
  value: JobProperties[K] | null,
): void {
  if (value !== null && value !== undefined) target[key] = value;
}

function spin(orbitals: FrontierOrbitals | null): SpinFrontier | null {
  if (!orbitals) return null;
  const result: SpinFrontier = {};
  if (orbitals.homoEv !== null) result.homoEv = orbitals.homoEv;
  if (orbitals.lumoEv !== null) result.lumoEv = orbitals.lumoEv;
  if (orbitals.gapEv !== null) result.gapEv = orbitals.gapEv;
  return result;
}

/** The compact form of an output's properties; undefined when the output printed none. */
export function jobPropertiesOf(p: OrcaProperties): JobProperties | undefined {
  const j: JobProperties = {};
  if (p.frequencies) {
    j.imaginaryModes = p.frequencies.imaginaryModes;
    if (p.frequencies.imaginaryCm1.length) j.imaginaryFrequenciesCm1 = p.frequencies.imaginaryCm1;
    put(j, 'lowestFrequencyCm1', p.frequencies.lowestCm1);
  }
  const t = p.thermochemistry;
  if (t) {
    put(j, 'temperatureK', t.temperatureK);
    put(j, 'zeroPointEnergyEh', t.zeroPointEnergyEh);
    put(j, 'enthalpyEh', t.enthalpyEh);
    put(j, 'entropyTermEh', t.entropyTermEh);
    put(j, 'gibbsFreeEnergyEh', t.gibbsFreeEnergyEh);
  }
  if (p.orbitals) {
    put(j, 'homoEv', p.orbitals.homoEv);
    put(j, 'lumoEv', p.orbitals.lumoEv);
    put(j, 'homoLumoGapEv', p.orbitals.gapEv);
    put(j, 'alpha', spin(p.orbitals.alpha));
    put(j, 'beta', spin(p.orbitals.beta));
  }
  if (p.loewdin) {
    const atoms = p.loewdin.atoms.slice(0, MAX_ATOMS);
    j.loewdinCharges = atoms.map((atom) => atom.charge);
    if (atoms.some((atom) => atom.spin !== null)) j.loewdinSpins = atoms.map((atom) => atom.spin ?? 0);
  }
  if (p.mayer) {
    j.mayerBondOrderMin = MAYER_BOND_ORDER_MIN;
    j.mayerBonds = p.mayer.bonds
      .filter((bond) => bond.order >= MAYER_BOND_ORDER_MIN)
      .slice(0, MAX_BONDS)
      .map((bond) => [bond.atoms[0], bond.atoms[1], bond.order]);
  }
  if (p.gradient) {
    put(j, 'gradientNormEhBohr', p.gradient.normEhBohr);
    put(j, 'gradientRmsEhBohr', p.gradient.rmsEhBohr);
  }
  if (p.warnings.count > 0) {
    j.warnings = p.warnings.count;
    j.warningMessages = p.warnings.messages.slice(0, MAX_WARNING_MESSAGES);
  }
  const e = p.energyComponents;
  if (e) {
    put(j, 'nuclearRepulsionEh', e.nuclearRepulsionEh);
    put(j, 'oneElectronEh', e.oneElectronEh);
    put(j, 'twoElectronEh', e.twoElectronEh);
    put(j, 'exchangeCorrelationEh', e.exchangeCorrelationEh);
  }
  if (p.dipole) {
    put(j, 'dipoleDebye', p.dipole.magnitudeDebye);
    put(j, 'dipoleAu', p.dipole.vectorAu);
  }
  if (p.energiesPerFrameEh.length) j.energiesEh = p.energiesPerFrameEh.slice(-MAX_FRAMES);
  return Object.keys(j).length ? j : undefined;
}
