import { firstNumber, isTerminalLine, NUMBER, type BlockReader } from './block-reader';
import type { Thermochemistry } from './property-types';

const EH = String.raw`${NUMBER}\s+Eh`;
/** Line patterns of the THERMOCHEMISTRY section (ORCA 4-6), first number captured. */
const FIELDS: [keyof Thermochemistry, RegExp][] = [
  ['temperatureK', new RegExp(String.raw`^Temperature\s+\.\.\.\s+${NUMBER}\s+K`)],
  ['pressureAtm', new RegExp(String.raw`^Pressure\s+\.\.\.\s+${NUMBER}\s+atm`)],
  ['electronicEnergyEh', new RegExp(String.raw`^Electronic energy\s+\.\.\.\s+${EH}`)],
  ['zeroPointEnergyEh', new RegExp(String.raw`^Zero point energy\s+\.\.\.\s+${EH}`)],
  ['thermalEnergyEh', new RegExp(String.raw`^Total thermal energy\s+(?:\.\.\.\s+)?${EH}`)],
  ['enthalpyEh', new RegExp(String.raw`^Total Enthalpy\s+\.\.\.\s+${EH}`)],
  ['entropyTermEh', new RegExp(String.raw`^Final entropy term\s+\.\.\.\s+${EH}`)],
  ['gibbsFreeEnergyEh', new RegExp(String.raw`^Final Gibbs free energy\s+\.\.\.\s+${EH}`)],
  ['gibbsMinusElectronicEh', new RegExp(String.raw`^G-E\(el\)\s+\.\.\.\s+${EH}`)],
];
/** The section is ~150 lines plus one per vibration. */
const MAX_LINES = 20_000;

/** One THERMOCHEMISTRY AT ...K section, read up to its last line ("G-E(el)"). */
export class ThermochemistryBlock implements BlockReader {
  private readonly values: Thermochemistry = {
    temperatureK: null,
    pressureAtm: null,
    electronicEnergyEh: null,
    zeroPointEnergyEh: null,
    thermalEnergyEh: null,
    enthalpyEh: null,
    entropyTermEh: null,
    gibbsFreeEnergyEh: null,
    gibbsMinusElectronicEh: null,
  };
  private lines = 0;
  private done = false;

  constructor(private readonly onResult: (thermochemistry: Thermochemistry) => void) {}

  accept(line: string): boolean {
    if (this.done || isTerminalLine(line) || ++this.lines > MAX_LINES) return false;
    const trimmed = line.trimStart();
    for (const [field, pattern] of FIELDS) {
      if (this.values[field] !== null) continue;
      const value = firstNumber(pattern, trimmed);
      if (value === null) continue;
      this.values[field] = value;
      if (field === 'gibbsMinusElectronicEh') this.done = true;
      break;
    }
    return true;
  }

  close(): void {
    if (Object.values(this.values).some((value) => value !== null)) this.onResult(this.values);
  }
}
