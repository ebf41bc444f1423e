import path from 'node:path';

/**
 * Line formats of ORCA output that parsers key on. Each must match the real ORCA fixtures and the
 * simulator's output alike (see orca-format-vs-fixtures.test.ts).
 */
export const LINE = {
  version: /^\s+Program Version (\d+\.\d+\.\d+)\s+-\s+RELEASE\s+-/,
  inputEcho: /^\|\s*\d+> /,
  hfType: /^ Hartree-Fock type\s+HFTyp\s+\.{4} (RHF|UHF|ROHF)$/,
  totalCharge: /^ Total Charge\s+Charge\s+\.{4}\s+(-?\d+)$/,
  multiplicity: /^ Multiplicity\s+Mult\s+\.{4}\s+(\d+)$/,
  optCycle: /^\s+\*\s+GEOMETRY OPTIMIZATION CYCLE\s+(\d+)\s+\*$/,
  coordinatesHeader: /^CARTESIAN COORDINATES \(ANGSTROEM\)$/,
  scfIteration:
    /^\s*(\d+)\s+(-?\d+\.\d{16})\s+(-?\d\.\d{2}e[-+]\d{2})\s+(\d\.\d{2}e[-+]\d{2})\s+(\d\.\d{2}e[-+]\d{2})\s+(\d\.\d{2}e[-+]\d{2})\s+(\d\.\d{3})\s+(\d+\.\d)$/,
  scfConverged: /^\s+\*\s+SCF CONVERGED AFTER\s+(\d+) CYCLES\s+\*$/,
  scfNotConverged: /^\s+\*\s+SCF NOT CONVERGED AFTER\s+(\d+) CYCLES\s+\*$/,
  fspe: /^FINAL SINGLE POINT ENERGY\s+(-?\d+\.\d{12})(\s+\(SCF not fully converged!\))?$/,
  mullikenHeader: /^MULLIKEN ATOMIC CHARGES(?: AND SPIN POPULATIONS)?$/,
  mullikenRow: /^\s*(\d+) ([A-Z][a-z]?)\s*:\s+(-?\d+\.\d{6})(?:\s+(-?\d+\.\d{6}))?$/,
  chargeSum: /^Sum of atomic charges\s*:\s+(-?\d+\.\d{7})$/,
  spinSum: /^Sum of atomic spin populations:\s+(-?\d+\.\d{7})$/,
  gradientHeader: /^CARTESIAN GRADIENT$/,
  gradientRow: /^\s+(\d+)\s+([A-Z][a-z]?)\s+:\s+(-?\d+\.\d{9})\s+(-?\d+\.\d{9})\s+(-?\d+\.\d{9})$/,
  cartesianMaxGradient: /^MAX gradient\s+\.{3}\s+(\d+\.\d{10})$/,
  convergenceRow:
    /^ {10}(Energy change|RMS gradient|MAX gradient|RMS step|MAX step)\s+(-?\d+\.\d{10})\s+(\d+\.\d{10})\s+(YES|NO)$/,
  optConverged: /\*{3}\s+THE OPTIMIZATION HAS CONVERGED\s+\*{3}/,
  optNotYetConverged: /^The optimization has not yet converged - more geometry cycles are needed$/,
  optNotConverged: /The optimization did not converge but reached the maximum number of/,
  errorTermination: /^ORCA finished by error termination in (\S+)$/,
  aborting: /aborting the run/i,
  terminatedNormally: /^\s+\*{4}ORCA TERMINATED NORMALLY\*{4}$/,
  totalRunTime: /^TOTAL RUN TIME: \d+ days \d+ hours \d+ minutes \d+ seconds \d+ msec$/,
  nuclearRepulsion: /^Nuclear Repulsion {2}:\s+(-?\d+\.\d+) Eh\s+(-?\d+\.\d{5}) eV$/,
  oneElectronEnergy: /^One Electron Energy:\s+(-?\d+\.\d+) Eh\s+(-?\d+\.\d{5}) eV$/,
  exchangeCorrelation: /^E\(XC\)\s+:\s+(-?\d+\.\d{12}) Eh\s*$/,
  orbitalEnergiesHeader: /^ORBITAL ENERGIES$/,
  spinDownOrbitals: /^\s+SPIN DOWN ORBITALS$/,
  orbitalRow: /^\s+(\d+)\s+(\d\.\d{4})\s+(-?\d+\.\d{6})\s+(-?\d+\.\d{4})(?:\s+\d+-\w+)?\s*$/,
  loewdinHeader: /^LOEWDIN ATOMIC CHARGES(?: AND SPIN POPULATIONS)?$/,
  mayerBanner: /^\s+\* MAYER POPULATION ANALYSIS \*$/,
  mayerBonds: /^B\(\s*\d+-[A-Z][a-z]?\s*,\s*\d+-[A-Z][a-z]?\s*\) :\s+\d\.\d{4} /,
  gradientNorm: /^Norm of the [Cc]artesian gradient\s+\.{3}\s+(\d+\.\d{10})$/,
  gradientRms: /^RMS gradient\s+\.{3}\s+(\d+\.\d{10})$/,
  dipoleTotal: /^Total Dipole Moment\s+:(\s+-?\d+\.\d{9}){3}$/,
  dipoleDebye: /^Magnitude \(Debye\)\s+:\s+(\d+\.\d{9})$/,
  frequencyRow: /^\s+(\d+):\s+(-?\d+\.\d{2}) cm\*\*-1(?: {2}\*\*\*imaginary mode\*\*\*)?$/,
  thermochemistryHeader: /^THERMOCHEMISTRY AT 298\.15K$/,
  temperature: /^Temperature\s+\.{3}\s+298\.15 K$/,
  zeroPointEnergy: /^Zero point energy\s+\.{3}\s+(\d+\.\d{8}) Eh\s+(\d+\.\d{2}) kcal\/mol$/,
  totalEnthalpy: /^Total Enthalpy\s+\.{3}\s+(-?\d+\.\d{8}) Eh$/,
  finalEntropyTerm: /^Final entropy term\s+\.{3}\s+(\d+\.\d{8}) Eh\s+(\d+\.\d{2}) kcal\/mol$/,
  gibbsFreeEnergy: /^Final Gibbs free energy\s+\.{3}\s+(-?\d+\.\d{8}) Eh$/,
  gibbsMinusElectronic: /^G-E\(el\)\s+\.{3}\s+(-?\d+\.\d{8}) Eh\s+(-?\d+\.\d{2}) kcal\/mol$/,
} as const;

export type LineName = keyof typeof LINE;

/** Shared, read-only real ORCA outputs (never copied into the repo); see PROVENANCE.md there. */
export const FIXTURE_DIR = path.resolve(__dirname, '../../../../../shared/fixtures/orca');

export const FIXTURES = {
  opt60: 'cclib/data/ORCA/basicORCA6.0/dvb_gopt.out',
  opt61: 'oact_utils/tests/files/logs',
  openShellSp60: 'cclib/data/ORCA/basicORCA6.0/dvb_sp_un_dft.out',
  scfFailed40: 'cclib-data/ORCA/ORCA4.0/IrCl6_sp.out',
  optMaxIter50: 'cclib-data/ORCA/ORCA5.0/1177.out',
  gtoIntError: 'chemsmart/tests/data/ORCATests/error_files/GTOInt_error.out',
  waterEngrad: 'chemsmart/tests/data/ORCATests/outputs/water_opt.engrad',
  tsFreq61: 'chemsmart/tests/data/ORCATests/outputs/sn2_ts.out',
  optFreq61: 'chemsmart/tests/data/ORCATests/outputs/fe3_quartet.out',
} as const;
