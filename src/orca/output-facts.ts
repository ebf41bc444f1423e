import type { HeaderFields } from './header-fields';
import type { OrcaProperties } from './property-types';
import type { EnergyAndScfTotals, JobSummary, MullikenPopulation } from './types';

/** What the marker lines of an output say (energies, SCF, optimization, gradients, jobs). */
export interface MarkerFacts extends EnergyAndScfTotals {
  optimizationCycles: number;
  optimizationConvergedMarkers: number;
  optimizationFailedMarkers: number;
  tableMaxGradients: number[];
  /** FINAL SINGLE POINT ENERGY values in order (the most recent ones if there are very many). */
  energyHistory: number[];
  cartesianMaxGradient: number | null;
  jobs: JobSummary[];
  /** Per job: an optimization ran in it and never reported convergence. */
  jobsWithUnconvergedOptimization: number;
  terminatedNormally: boolean;
}

/** The last words of a failed run, read from the tail of the output. */
export interface TerminalErrorFacts {
  errorTerminationModule: string | null;
  errorTerminations: number;
  abortMarkers: number;
}

/** Everything the scanner learned from one output; the verdict and metrics are derived from it. */
export interface OutputFacts extends MarkerFacts, TerminalErrorFacts {
  header: HeaderFields;
  mulliken: MullikenPopulation | null;
  properties: OrcaProperties;
  tailError: string | null;
  /** Why the bytes could not be read as text (binary content); I/O errors are added by the caller. */
  unreadable: string | null;
  bytesRead: number;
}
