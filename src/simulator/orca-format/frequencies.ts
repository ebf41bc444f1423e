import { rule, titled } from './text-layout';

const KCAL_PER_MOL_PER_HARTREE = 627.509474;

/** VIBRATIONAL FREQUENCIES: modes numbered from 0, zero modes first, imaginary ones negative. */
export function vibrationalFrequencies(frequenciesCm1: readonly number[]): string[] {
  return [
    '',
    ...titled('VIBRATIONAL FREQUENCIES'),
    '',
    'Scaling factor for frequencies =  1.000000000  (already applied!)',
    '',
    ...frequenciesCm1.map(
      (f, i) =>
        `${String(i).padStart(6)}:${f.toFixed(2).padStart(11)} cm**-1${f < 0 ? '  ***imaginary mode***' : ''}`,
    ),
    '',
  ];
}

export interface PrintedThermochemistry {
  temperatureK: number;
  pressureAtm: number;
  totalMassU: number;
  vibrations: readonly { frequencyCm1: number; thermalEnergyEh: number }[];
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

function energy(label: string, value: number, width = 33, kcal = true): string {
  const tail = kcal ? `${(value * KCAL_PER_MOL_PER_HARTREE).toFixed(2).padStart(11)} kcal/mol` : '';
  return `${label.padEnd(width)}...${value.toFixed(8).padStart(16)} Eh${tail}`;
}

/** The THERMOCHEMISTRY section of ORCA 6 (the lines with numbers; explanations abridged). */
export function thermochemistrySection(t: PrintedThermochemistry): string[] {
  const correction = t.thermalEnergyEh - t.electronicEnergyEh;
  const line = rule(71);
  return [
    '',
    ...titled(`THERMOCHEMISTRY AT ${t.temperatureK.toFixed(2)}K`),
    '',
    `Temperature         ... ${t.temperatureK.toFixed(2).padStart(8)} K`,
    `Pressure            ... ${t.pressureAtm.toFixed(2).padStart(8)} atm`,
    `Total Mass          ... ${t.totalMassU.toFixed(2).padStart(8)} AMU`,
    '',
    ...t.vibrations.map(
      (v) =>
        `freq. ${v.frequencyCm1.toFixed(2).padStart(10)}  E(vib)   ...${(v.thermalEnergyEh * KCAL_PER_MOL_PER_HARTREE).toFixed(2).padStart(11)} `,
    ),
    '',
    ...titled('INNER ENERGY'),
    '',
    'Summary of contributions to the inner energy U:',
    energy('Electronic energy', t.electronicEnergyEh, 33, false),
    energy('Zero point energy', t.zeroPointEnergyEh),
    energy('Thermal vibrational correction', t.vibrationalEh),
    energy('Thermal rotational correction', t.rotationalEh),
    energy('Thermal translational correction', t.translationalEh),
    line,
    `Total thermal energy                  ${t.thermalEnergyEh.toFixed(8).padStart(16)} Eh`,
    '',
    '',
    'Summary of corrections to the electronic energy:',
    `Total thermal correction              ${(correction - t.zeroPointEnergyEh).toFixed(8).padStart(16)} Eh`,
    `Non-thermal (ZPE) correction          ${t.zeroPointEnergyEh.toFixed(8).padStart(16)} Eh`,
    line,
    `Total correction                      ${correction.toFixed(8).padStart(16)} Eh`,
    '',
    '',
    ...titled('ENTHALPY'),
    '',
    'The enthalpy is H = U + kB*T',
    `${energy('Total thermal energy', t.thermalEnergyEh, 34, false)} `,
    energy('Thermal Enthalpy correction', t.enthalpyCorrectionEh, 34),
    line,
    energy('Total Enthalpy', t.enthalpyEh, 34, false),
    '',
    '',
    ...titled('ENTROPY'),
    '',
    energy('Electronic entropy', t.electronicEntropyEh, 34),
    energy('Vibrational entropy', t.vibrationalEntropyEh, 34),
    energy('Rotational entropy', t.rotationalEntropyEh, 34),
    energy('Translational entropy', t.translationalEntropyEh, 34),
    line,
    energy('Final entropy term', t.entropyTermEh, 34),
    '',
    '',
    ...titled('GIBBS FREE ENERGY'),
    '',
    'The Gibbs free energy is G = H - T*S',
    '',
    `${energy('Total enthalpy', t.enthalpyEh, 34, false)} `,
    energy('Total entropy correction', -t.entropyTermEh, 34),
    line,
    energy('Final Gibbs free energy', t.gibbsFreeEnergyEh, 32, false),
    '',
    'For completeness - the Gibbs free energy minus the electronic energy',
    energy('G-E(el)', t.gibbsFreeEnergyEh - t.electronicEnergyEh, 34),
    '',
  ];
}
