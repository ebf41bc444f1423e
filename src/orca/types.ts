import type { OrcaProperties } from './property-types';

export type RunStatus = 'completed' | 'failed' | 'timeout' | 'running';

export type FailureReason =
  | 'error-termination'
  | 'aborted'
  | 'scf-not-converged'
  | 'opt-not-converged'
  | 'error-in-tail'
  | 'unreadable';

/** completed → normal-termination; running → in-progress; timeout → stale-output. */
export type VerdictReason = FailureReason | 'normal-termination' | 'in-progress' | 'stale-output';

export interface Verdict {
  status: RunStatus;
  reason: VerdictReason;
  /** Human-readable explanation (the offending line, the failing module, the file age…). */
  detail: string;
  /** ORCA module named in "ORCA finished by error termination in <module>". */
  errorModule: string | null;
}

export interface StalenessOptions {
  /** Modification time of the output; without it a run with no terminal marker reads as running. */
  mtime?: Date | number;
  /** Defaults to the current time. */
  now?: Date | number;
  /** Age after which an output with no terminal marker counts as timed out (default 6 h). */
  staleHours?: number;
}

export const DEFAULT_STALE_HOURS = 6;

export interface MullikenAtom {
  index: number;
  element: string;
  charge: number;
  spin: number | null;
}

export interface MullikenPopulation {
  /** Header line as printed, e.g. "MULLIKEN ATOMIC CHARGES AND SPIN POPULATIONS". */
  header: string;
  atoms: MullikenAtom[];
  chargeSum: number | null;
  spinSum: number | null;
}

export type MaxGradientSource = 'convergence-table' | 'cartesian-gradient' | 'engrad';

export interface OptimizationMetrics {
  /** True when at least one geometry-convergence table was printed. */
  ran: boolean;
  /** Number of geometry-convergence tables (one per completed optimization cycle). */
  cycles: number;
  /** null when no optimization ran. */
  converged: boolean | null;
  /** MAX gradient of each convergence table in Eh/Bohr (the most recent ones if there are very many). */
  maxGradientPerCycleEhBohr: number[];
  lastMaxGradientEhBohr: number | null;
}

export interface JobSummary {
  /** 1-based job number ($new_job starts a new one). */
  number: number;
  finalEnergyEh: number | null;
  energyEvaluations: number;
  optimizationCycles: number;
  optimizationConverged: boolean;
}

/** The energy and SCF counts of an output, as the scanner tallies them and the metrics report them. */
export interface EnergyAndScfTotals {
  /** Last FINAL SINGLE POINT ENERGY value. */
  finalEnergyEh: number | null;
  /** Label of a labelled FSPE line, e.g. "QM/QM2". */
  finalEnergyLabel: string | null;
  energyEvaluations: number;
  /** Sum of N over "SCF CONVERGED AFTER N CYCLES". */
  scfCycles: number;
  scfConvergedCount: number;
  /** Sum of N over "SCF NOT CONVERGED AFTER N CYCLES" (not part of scfCycles). */
  scfNotConvergedCycles: number;
  /** Any marker of a non-converged SCF (box, FSPE suffix, "NOT FULLY CONVERGED"). */
  scfNotConvergedMarkers: number;
}

export interface OrcaOutputMetrics extends EnergyAndScfTotals {
  orcaVersion: string | null;
  /** True when the ORCA banner or "Program Version" line was seen. */
  orcaBannerSeen: boolean;
  hfType: string | null;
  charge: number | null;
  multiplicity: number | null;
  optimization: OptimizationMetrics;
  /** Last cartesian-gradient summary "MAX gradient ... value". */
  cartesianMaxGradientEhBohr: number | null;
  /** Convergence table, else cartesian summary, else the .engrad next to the output (file API only). */
  maxGradientEhBohr: number | null;
  maxGradientSource: MaxGradientSource | null;
  mulliken: MullikenPopulation | null;
  /** Frequencies, thermochemistry, orbitals, populations, gradient, energy components, dipole, warnings. */
  properties: OrcaProperties;
  /** Jobs requested by "$new_job" in the echoed input (1 + count). */
  jobsRequested: number;
  jobs: JobSummary[];
  terminatedNormally: boolean;
  bytesRead: number;
}

export interface OrcaOutputReport {
  verdict: Verdict;
  metrics: OrcaOutputMetrics;
}

export interface EngradData {
  atomCount: number;
  energyEh: number;
  /** x, y, z per atom, Eh/Bohr. */
  gradientEhBohr: number[];
  atomicNumbers: number[];
  /** x, y, z per atom, Bohr. */
  coordinatesBohr: number[];
  maxAbsComponentEhBohr: number;
  maxAtomNormEhBohr: number;
  /** sqrt of the sum of squares of all components (ORCA's "Norm of the cartesian gradient"). */
  normEhBohr: number;
  rmsEhBohr: number;
}

export interface SellaStep {
  step: number;
  time: string;
  energyEv: number;
  fmaxEvPerAngstrom: number;
}

export interface SellaLogData {
  /** Number of header lines: 1 + number of restarts appended to the same log. */
  runs: number;
  stepRows: number;
  /** Steps (most recent ones if there are very many). */
  steps: SellaStep[];
  lastStep: number;
  firstEnergyEv: number;
  lastEnergyEv: number;
  lastEnergyEh: number;
  lastFmaxEvPerAngstrom: number;
  lastFmaxEhBohr: number;
}
