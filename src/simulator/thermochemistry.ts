import type { VibrationalAnalysis } from './vibrations';

// CODATA 2018, SI
const BOLTZMANN = 1.380649e-23;
const PLANCK = 6.62607015e-34;
const SPEED_OF_LIGHT_CM = 2.99792458e10;
const HARTREE_J = 4.3597447222071e-18;
const ATOMIC_MASS_KG = 1.6605390666e-27;
const BOHR_M = 0.529177210903e-10;
const ATMOSPHERE_PA = 101325;
export const KCAL_PER_MOL_PER_HARTREE = 627.509474;

export const TEMPERATURE_K = 298.15;
export const PRESSURE_ATM = 1;

/** The ideal-gas, rigid-rotor, harmonic-oscillator terms ORCA prints (Eh; entropies as T·S). */
export interface ThermochemistryResult {
  temperatureK: number;
  pressureAtm: number;
  totalMassU: number;
  /** The real vibrations used (cm-1) with the thermal energy of each, Eh. */
  vibrations: { frequencyCm1: number; thermalEnergyEh: number }[];
  electronicEnergyEh: number;
  zeroPointEnergyEh: number;
  vibrationalEh: number;
  rotationalEh: number;
  translationalEh: number;
  thermalEnergyEh: number;
  enthalpyCorrectionEh: number;
  enthalpyEh: number;
  electronicEntropyEh: number;
  vibrationalEntropyEh: number;
  rotationalEntropyEh: number;
  translationalEntropyEh: number;
  entropyTermEh: number;
  gibbsFreeEnergyEh: number;
}

/** Standard statistical mechanics of an ideal gas at 298.15 K and 1 atm, symmetry number 1. */
export function thermochemistry(
  electronicEnergyEh: number,
  multiplicity: number,
  vib: VibrationalAnalysis,
): ThermochemistryResult {
  const t = TEMPERATURE_K;
  const kT = (BOLTZMANN * t) / HARTREE_J; // Eh
  const toEh = (PLANCK * SPEED_OF_LIGHT_CM) / HARTREE_J; // Eh per cm-1
  const real = vib.frequenciesCm1.filter((f) => f > 0);
  let zpe = 0;
  let eVib = 0;
  let sVib = 0; // in units of k
  const vibrations = real.map((frequencyCm1) => {
    const quantum = frequencyCm1 * toEh;
    const x = quantum / kT;
    const thermalEnergyEh = quantum / Math.expm1(x);
    zpe += quantum / 2;
    eVib += thermalEnergyEh;
    sVib += x / Math.expm1(x) - Math.log(-Math.expm1(-x));
    return { frequencyCm1, thermalEnergyEh };
  });
  const atom = vib.momentsOfInertia.every((moment) => moment < 1e-8);
  const eRot = atom ? 0 : vib.linear ? kT : 1.5 * kT;
  const eTrans = 1.5 * kT;
  const mass = vib.totalMassU * ATOMIC_MASS_KG;
  const kTJ = BOLTZMANN * t;
  const qTrans =
    Math.pow((2 * Math.PI * mass * kTJ) / (PLANCK * PLANCK), 1.5) * (kTJ / (PRESSURE_ATM * ATMOSPHERE_PA));
  const sTrans = Math.log(qTrans) + 2.5;
  const theta = (moment: number) =>
    (PLANCK * PLANCK) / (8 * Math.PI * Math.PI * moment * ATOMIC_MASS_KG * BOHR_M * BOHR_M * BOLTZMANN);
  let sRot = 0;
  if (!atom && vib.linear) {
    sRot = Math.log(t / theta(Math.max(...vib.momentsOfInertia))) + 1;
  } else if (!atom) {
    const product = vib.momentsOfInertia.reduce((p, moment) => p * theta(moment), 1);
    sRot = Math.log(Math.sqrt(Math.PI) * Math.sqrt((t * t * t) / product)) + 1.5;
  }
  const sEl = Math.log(Math.max(1, multiplicity));
  const thermal = electronicEnergyEh + zpe + eVib + eRot + eTrans;
  const enthalpy = thermal + kT;
  const [tsEl, tsVib, tsRot, tsTrans] = [sEl, sVib, sRot, sTrans].map((s) => s * kT);
  const entropyTerm = tsEl! + tsVib! + tsRot! + tsTrans!;
  return {
    temperatureK: t,
    pressureAtm: PRESSURE_ATM,
    totalMassU: vib.totalMassU,
    vibrations,
    electronicEnergyEh,
    zeroPointEnergyEh: zpe,
    vibrationalEh: eVib,
    rotationalEh: eRot,
    translationalEh: eTrans,
    thermalEnergyEh: thermal,
    enthalpyCorrectionEh: kT,
    enthalpyEh: enthalpy,
    electronicEntropyEh: tsEl!,
    vibrationalEntropyEh: tsVib!,
    rotationalEntropyEh: tsRot!,
    translationalEntropyEh: tsTrans!,
    entropyTermEh: entropyTerm,
    gibbsFreeEnergyEh: enthalpy - entropyTerm,
  };
}
