// orcasim, our ORCA simulator for demos and tests: analytic potential, ORCA-format output, scripted faults.
// Imports Node built-ins, src/ingest (elements, geometry, spin) and its own files; never Temporal or db.
export {
  BOHR_PER_ANGSTROM,
  evaluatePotential,
  pairParameters,
  switchedMorse,
  toBohr,
  type PairParameters,
  type PotentialInput,
  type PotentialResult,
} from './potential';
export { BfgsOptimizer } from './optimizer';
export { parseOrcaInput, OrcaInputError, type OrcaInput } from './orca-input';
export { activeFault, parseFaultSpec, FAULT_KINDS, type FaultKind, type FaultSpec } from './faults';
export { runOrcaSimulation, DEFAULT_MAXCORE_MB, type SimulationRequest } from './run-simulation';
export type { SimulatorIo } from './simulator-io';
export { OPT_TOLERANCES } from './geometry-convergence';
export { main, nodeSimulatorIo } from './cli';
