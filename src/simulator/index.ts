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
export {
  runOrcaSimulation,
  DEFAULT_MAXCORE_MB,
  OPT_TOLERANCES,
  type SimulationRequest,
  type SimulatorIo,
} from './run-simulation';
export { main, nodeSimulatorIo } from './cli';
