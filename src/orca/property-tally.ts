import { NUMBER, firstNumber, type BlockReader } from './block-reader';
import { DipoleBlock } from './dipole-block';
import { ScfEnergyCapture } from './energy-components';
import { FrequenciesBlock } from './frequencies-block';
import { MarkerKind } from './marker-lines';
import { MayerBlock } from './mayer-block';
import { isLoewdinHeader, PopulationBlockReader } from './mulliken-block';
import { OrbitalEnergiesBlock } from './orbital-energies-block';
import type {
  DipoleMoment,
  GradientSummary,
  MayerBondOrders,
  OrbitalEnergies,
  OrcaProperties,
  Thermochemistry,
  VibrationalFrequencies,
} from './property-types';
import { ThermochemistryBlock } from './thermochemistry-block';
import type { MullikenPopulation } from './types';

const MAX_WARNING_MESSAGES = 20;
const MAX_WARNING_LENGTH = 200;
const GRADIENT_NORM = new RegExp(String.raw`^Norm of the cartesian gradient\s+\.\.\.\s+${NUMBER}`, 'i');
const GRADIENT_RMS = new RegExp(String.raw`^RMS gradient\s+\.\.\.\s+${NUMBER}`);

/** What the property sections of an output say; the last section of each kind wins. */
export class PropertyTally {
  readonly scfEnergy = new ScfEnergyCapture();
  private frequencies: VibrationalFrequencies | null = null;
  private thermochemistry: Thermochemistry | null = null;
  private orbitals: OrbitalEnergies | null = null;
  private loewdin: MullikenPopulation | null = null;
  private mayer: MayerBondOrders | null = null;
  private dipole: DipoleMoment | null = null;
  /** The last gradient summary as printed: MAX value, Norm and RMS lines (parsed once, at the end). */
  private gradientLines: { maxEhBohr: number; normLine: string; rmsLine: string } | null = null;
  private warningCount = 0;
  private readonly warningMessages = new Set<string>();

  /** The reader of the block a marker line opens, or null when the line opens none. */
  openBlock(kind: MarkerKind, line: string): BlockReader | null {
    switch (kind) {
      case MarkerKind.OrbitalEnergies:
        return line.trim() === 'ORBITAL ENERGIES'
          ? new OrbitalEnergiesBlock((r) => (this.orbitals = r))
          : null;
      case MarkerKind.Loewdin:
        return isLoewdinHeader(line)
          ? new PopulationBlockReader(line.trim(), (r) => (this.loewdin = r))
          : null;
      case MarkerKind.Mayer:
        return new MayerBlock((r) => (this.mayer = r));
      case MarkerKind.Frequencies:
        return line.trim() === 'VIBRATIONAL FREQUENCIES'
          ? new FrequenciesBlock((r) => (this.frequencies = r))
          : null;
      case MarkerKind.Thermochemistry:
        return line.trimStart().startsWith('THERMOCHEMISTRY AT')
          ? new ThermochemistryBlock((r) => (this.thermochemistry = r))
          : null;
      case MarkerKind.Dipole:
        return line.trim() === 'DIPOLE MOMENT' ? new DipoleBlock((r) => (this.dipole = r)) : null;
      default:
        return null;
    }
  }

  /** A line with WARNING; "WARNINGS" alone is the title of ORCA's input-check section, not a warning. */
  readWarning(line: string): void {
    const trimmed = line.trim();
    if (!/\bWARNING\b/.test(trimmed)) return;
    this.warningCount++;
    if (this.warningMessages.size < MAX_WARNING_MESSAGES) {
      this.warningMessages.add(trimmed.slice(0, MAX_WARNING_LENGTH));
    }
  }

  /**
   * The cartesian gradient summary: `maxEhBohr` from its MAX line, norm and RMS from the two lines
   * printed just before it ("Norm of the cartesian gradient ...", "RMS gradient ...").
   */
  readGradientSummary(maxEhBohr: number, linesBefore: readonly string[]): void {
    const [normLine = '', rmsLine = ''] = linesBefore;
    this.gradientLines = { maxEhBohr, normLine, rmsLine };
  }

  private gradient(): GradientSummary | null {
    if (this.gradientLines === null) return null;
    const { maxEhBohr, normLine, rmsLine } = this.gradientLines;
    return {
      normEhBohr: firstNumber(GRADIENT_NORM, normLine),
      rmsEhBohr: firstNumber(GRADIENT_RMS, rmsLine),
      maxEhBohr,
      source: 'output',
    };
  }

  properties(energiesPerFrameEh: number[]): OrcaProperties {
    return {
      frequencies: this.frequencies,
      thermochemistry: this.thermochemistry,
      orbitals: this.orbitals,
      loewdin: this.loewdin,
      mayer: this.mayer,
      gradient: this.gradient(),
      energyComponents: this.scfEnergy.components(),
      dipole: this.dipole,
      warnings: { count: this.warningCount, messages: [...this.warningMessages] },
      energiesPerFrameEh,
    };
  }
}
