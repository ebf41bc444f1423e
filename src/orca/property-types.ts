import type { MullikenPopulation } from './types';

/** Highest occupied and lowest unoccupied orbital of one ORBITAL ENERGIES list (values as printed). */
export interface FrontierOrbitals {
  homoEh: number | null;
  homoEv: number | null;
  lumoEh: number | null;
  lumoEv: number | null;
  /** LUMO − HOMO in eV; null unless both were printed. */
  gapEv: number | null;
}

/** The last ORBITAL ENERGIES block: one list (restricted) or SPIN UP / SPIN DOWN lists (unrestricted). */
export interface OrbitalEnergies extends FrontierOrbitals {
  /** Restricted: null; unrestricted: the SPIN UP list. The top-level values span both spins. */
  alpha: FrontierOrbitals | null;
  beta: FrontierOrbitals | null;
}

export interface VibrationalFrequencies {
  /** Rows of the VIBRATIONAL FREQUENCIES block, including the zero translation/rotation modes. */
  modes: number;
  /** Rows printed as exactly 0.00 cm**-1. */
  zeroModes: number;
  /** Negative frequencies (ORCA prints imaginary modes with a minus sign). */
  imaginaryModes: number;
  /** The imaginary frequencies themselves (cm-1, negative), at most 20. */
  imaginaryCm1: number[];
  /** Lowest non-zero frequency (the most negative one when there are imaginary modes). */
  lowestCm1: number | null;
  highestCm1: number | null;
}

/** The last THERMOCHEMISTRY block (every value as printed; null when the line was absent). */
export interface Thermochemistry {
  temperatureK: number | null;
  pressureAtm: number | null;
  electronicEnergyEh: number | null;
  zeroPointEnergyEh: number | null;
  /** "Total thermal energy" U. */
  thermalEnergyEh: number | null;
  enthalpyEh: number | null;
  /** "Final entropy term" T·S. */
  entropyTermEh: number | null;
  gibbsFreeEnergyEh: number | null;
  /** "G-E(el)". */
  gibbsMinusElectronicEh: number | null;
}

export interface MayerBond {
  /** 0-based atom indices and element symbols as printed. */
  atoms: [number, number];
  elements: [string, string];
  order: number;
}

export interface MayerBondOrders {
  /** ORCA's print threshold ("Mayer bond orders larger than 0.100000"). */
  printThreshold: number | null;
  /** Bonds printed in the last block (at most 20 000). */
  bonds: MayerBond[];
}

/** The cartesian gradient summary (Norm / RMS / MAX lines) printed after each gradient. */
export interface GradientSummary {
  normEhBohr: number | null;
  rmsEhBohr: number | null;
  maxEhBohr: number | null;
  source: 'output' | 'engrad';
}

/** Components of the last TOTAL SCF ENERGY block. */
export interface EnergyComponents {
  totalEh: number | null;
  nuclearRepulsionEh: number | null;
  electronicEh: number | null;
  oneElectronEh: number | null;
  twoElectronEh: number | null;
  /** E(X), E(C), E(XC) of DFT runs. */
  exchangeEh: number | null;
  correlationEh: number | null;
  exchangeCorrelationEh: number | null;
}

export interface DipoleMoment {
  /** "Total Dipole Moment" x, y, z in atomic units. */
  vectorAu: [number, number, number] | null;
  magnitudeAu: number | null;
  magnitudeDebye: number | null;
}

export interface OutputWarnings {
  /** Lines with an upper-case WARNING (the WARNINGS section title excepted). */
  count: number;
  /** The first 20 distinct warning lines, trimmed (at most 200 characters each). */
  messages: string[];
}

/** Chemistry read from an output besides the verdict metrics; null when the output does not print it. */
export interface OrcaProperties {
  frequencies: VibrationalFrequencies | null;
  thermochemistry: Thermochemistry | null;
  orbitals: OrbitalEnergies | null;
  loewdin: MullikenPopulation | null;
  mayer: MayerBondOrders | null;
  gradient: GradientSummary | null;
  energyComponents: EnergyComponents | null;
  dipole: DipoleMoment | null;
  warnings: OutputWarnings;
  /** FINAL SINGLE POINT ENERGY of every energy evaluation (the last 10 000), in order. */
  energiesPerFrameEh: number[];
}
