import type { RunStatus, VerdictReason } from '../../../src/orca';

/** Expected values for the fixture outputs, transcribed from ../shared/fixtures/orca/PROVENANCE.md. */
export interface OutputExpectation {
  /** Why status/reason differ from PROVENANCE's orientation rule, when they do (used in the test name). */
  note?: string;
  version: string;
  status: RunStatus;
  reason: VerdictReason;
  errorModule?: string;
  lastFspe: number | null;
  fspeCount: number;
  scfTotal: number;
  /** Last geometry-convergence-table MAX gradient and number of tables. */
  tableMaxGradient: number | null;
  tables: number;
  cartesianMaxGradient: number | null;
  charge: number | null;
  multiplicity: number | null;
  mulliken: {
    header: string;
    atoms: number;
    atom0: { element: string; charge: number; spin: number | null };
    chargeSum: number;
    spinSum: number | null;
  } | null;
}

const SPIN = 'MULLIKEN ATOMIC CHARGES AND SPIN POPULATIONS';
const PLAIN = 'MULLIKEN ATOMIC CHARGES';

export const OUTPUT_EXPECTATIONS: Record<string, OutputExpectation> = {
  'oact_utils/tests/files/orca_direct_example/logs': {
    version: '6.1.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -670.534993289315,
    fspeCount: 4,
    scfTotal: 56,
    tableMaxGradient: 0.0001282697,
    tables: 3,
    cartesianMaxGradient: 0.0001282697,
    charge: 0,
    multiplicity: 8,
    mulliken: {
      header: SPIN,
      atoms: 2,
      atom0: { element: 'Am', charge: 0.626082, spin: 7.193624 },
      chargeSum: 0,
      spinSum: 7,
    },
  },
  'oact_utils/tests/files/orca_direct_example/AmO_orca_atom95.out': {
    version: '6.1.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -593.311813112262,
    fspeCount: 1,
    scfTotal: 62,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: null,
    charge: 0,
    multiplicity: 8,
    mulliken: null,
  },
  'oact_utils/tests/files/logs': {
    version: '6.1.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -626.605298577892,
    fspeCount: 8,
    scfTotal: 128,
    tableMaxGradient: 0.000137424,
    tables: 7,
    cartesianMaxGradient: 0.000137424,
    charge: 2,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 3,
      atom0: { element: 'U', charge: 2.391968, spin: null },
      chargeSum: 2,
      spinSum: null,
    },
  },
  'oact_utils/tests/files/quacc_example/orca.out.gz': {
    version: '6.1.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -814.120925544656,
    fspeCount: 1,
    scfTotal: 59,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: 0.0045012181,
    charge: 0,
    multiplicity: 5,
    mulliken: {
      header: SPIN,
      atoms: 4,
      atom0: { element: 'Np', charge: 1.648611, spin: 4.00061 },
      chargeSum: 0,
      spinSum: 4,
    },
  },
  'cclib/data/ORCA/basicORCA6.0/dvb_gopt.out': {
    version: '6.0.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -382.055133399486,
    fspeCount: 4,
    scfTotal: 23,
    tableMaxGradient: 0.0001392134,
    tables: 3,
    cartesianMaxGradient: 0.000177292,
    charge: 0,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 20,
      atom0: { element: 'C', charge: -0.004435, spin: null },
      chargeSum: 0,
      spinSum: null,
    },
  },
  'cclib/data/ORCA/basicORCA6.0/dvb_sp_un_dft.out': {
    version: '6.0.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -381.831980903245,
    fspeCount: 1,
    scfTotal: 10,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: null,
    charge: 1,
    multiplicity: 2,
    mulliken: {
      header: SPIN,
      atoms: 20,
      atom0: { element: 'C', charge: 0.055649, spin: 0.21376 },
      chargeSum: 1,
      spinSum: 1,
    },
  },
  'cclib/data/ORCA/basicORCA5.0/dvb_gopt.out': {
    version: '5.0.1',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -382.055133372796,
    fspeCount: 4,
    scfTotal: 28,
    tableMaxGradient: 0.0001400469,
    tables: 3,
    cartesianMaxGradient: 0.0001827721,
    charge: 0,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 20,
      atom0: { element: 'C', charge: -0.00443, spin: null },
      chargeSum: 0,
      spinSum: null,
    },
  },
  'cclib-data/ORCA/ORCA4.2/dvb_gopt.out': {
    version: '4.2.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -382.050786152348,
    fspeCount: 4,
    scfTotal: 28,
    tableMaxGradient: 0.000137523,
    tables: 3,
    cartesianMaxGradient: 0.0001634003,
    charge: 0,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 20,
      atom0: { element: 'C', charge: -0.004524, spin: null },
      chargeSum: 0,
      spinSum: null,
    },
  },
  'cclib-data/ORCA/ORCA4.0/IrCl6_sp.out': {
    note: 'PROVENANCE error/scf_not_converged → failed/scf-not-converged: the abort is the consequence of the unconverged SCF',
    version: '4.0.0.2',
    status: 'failed',
    reason: 'scf-not-converged',
    lastFspe: -2821.903615435997,
    fspeCount: 1,
    scfTotal: 0,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: null,
    charge: 0,
    multiplicity: 2,
    mulliken: null,
  },
  'cclib-data/ORCA/ORCA5.0/1177.out': {
    note: 'MINIPRINT: charge and multiplicity come from the echoed "* xyz 1 2" line (PROVENANCE lists none)',
    version: '5.0.3',
    status: 'failed',
    reason: 'opt-not-converged',
    lastFspe: -39.497696442138,
    fspeCount: 2,
    scfTotal: 51,
    tableMaxGradient: 0.046740995,
    tables: 2,
    cartesianMaxGradient: 0.0325395222,
    charge: 1,
    multiplicity: 2,
    mulliken: null,
  },
  'cclib-data/ORCA/ORCA3.0/stopiter_orca_scf_large.out': {
    note: 'PROVENANCE incomplete → running while the file is fresh',
    version: '2.9.1',
    status: 'running',
    reason: 'in-progress',
    lastFspe: null,
    fspeCount: 0,
    scfTotal: 0,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: null,
    charge: 0,
    multiplicity: 1,
    mulliken: null,
  },
  'chemsmart/tests/data/ORCATests/error_files/GTOInt_error.out': {
    note: 'error termination names the module; charge and multiplicity from the echoed input (no settings block printed)',
    version: '5.0.4',
    status: 'failed',
    reason: 'error-termination',
    errorModule: 'GTOInt',
    lastFspe: null,
    fspeCount: 0,
    scfTotal: 0,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: null,
    charge: 0,
    multiplicity: 1,
    mulliken: null,
  },
  'chemsmart/tests/data/ORCATests/outputs/fe3_quartet.out': {
    version: '6.1.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -1567.596124566881,
    fspeCount: 27,
    scfTotal: 600,
    tableMaxGradient: 0.0001982678,
    tables: 26,
    cartesianMaxGradient: 0.0002762803,
    charge: 3,
    multiplicity: 4,
    mulliken: {
      header: SPIN,
      atoms: 13,
      atom0: { element: 'Fe', charge: 1.439374, spin: 2.950529 },
      chargeSum: 3,
      spinSum: 3,
    },
  },
  'chemsmart/tests/data/ORCATests/outputs/fe2_quintet.out': {
    note: 'ORCA 6.1 "will abort at this point" after a non-converged optimization is opt-not-converged, not aborted',
    version: '6.1.0',
    status: 'failed',
    reason: 'opt-not-converged',
    lastFspe: -1568.374663409875,
    fspeCount: 50,
    scfTotal: 722,
    tableMaxGradient: 0.0001993963,
    tables: 50,
    cartesianMaxGradient: 0.0002211351,
    charge: 2,
    multiplicity: 5,
    mulliken: {
      header: SPIN,
      atoms: 13,
      atom0: { element: 'Fe', charge: 1.027976, spin: 3.758982 },
      chargeSum: 2,
      spinSum: 4,
    },
  },
  'chemsmart/tests/data/ORCATests/outputs/water_opt.out': {
    version: '5.0.3',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -76.323311011349,
    fspeCount: 6,
    scfTotal: 31,
    tableMaxGradient: 1.42472e-5,
    tables: 5,
    cartesianMaxGradient: 1.43908e-5,
    charge: 0,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 3,
      atom0: { element: 'O', charge: -0.32926, spin: null },
      chargeSum: 0,
      spinSum: null,
    },
  },
  'chemsmart/tests/data/ORCATests/outputs/sn2_ts.out': {
    version: '6.1.0',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -599.599020937503,
    fspeCount: 12,
    scfTotal: 104,
    tableMaxGradient: 0.0001002943,
    tables: 11,
    cartesianMaxGradient: 0.0001147663,
    charge: -1,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 6,
      atom0: { element: 'C', charge: 0.074477, spin: null },
      chargeSum: -1,
      spinSum: null,
    },
  },
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/opt_orca.out': {
    version: '4.2.1',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -499.734431042133,
    fspeCount: 5,
    scfTotal: 30,
    tableMaxGradient: 0.0001910522,
    tables: 4,
    cartesianMaxGradient: 0.0005052414,
    charge: 0,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 5,
      atom0: { element: 'C', charge: -0.084847, spin: null },
      chargeSum: 0,
      spinSum: null,
    },
  },
  'autodE/tests/test_wrappers/data/orca.zip-extracted/orca/H2O_hess_orca.out': {
    note: 'UCX ERROR lines among the last lines do not override ORCA TERMINATED NORMALLY',
    version: '4.2.1',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -76.272657076853,
    fspeCount: 1,
    scfTotal: 8,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: null,
    charge: 0,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 3,
      atom0: { element: 'O', charge: -0.361282, spin: null },
      chargeSum: 0,
      spinSum: null,
    },
  },
  'QCXMS2/p10f2/orca.out': {
    note: 'PROVENANCE error(tail) → failed/error-in-tail; charge and multiplicity from the echoed "*xyzfile 1 1"',
    version: '6.0.1',
    status: 'failed',
    reason: 'error-in-tail',
    lastFspe: null,
    fspeCount: 0,
    scfTotal: 0,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: null,
    charge: 1,
    multiplicity: 1,
    mulliken: null,
  },
  'MetalDock/test/orca_engine/output/QM/geom_opt/geom.out': {
    note: '"! engrad Opt" in the input but ORCA ran a single gradient: completed, gradient from the cartesian summary',
    version: '5.0.3',
    status: 'completed',
    reason: 'normal-termination',
    lastFspe: -1763.997673401184,
    fspeCount: 1,
    scfTotal: 42,
    tableMaxGradient: null,
    tables: 0,
    cartesianMaxGradient: 0.0560219976,
    charge: 0,
    multiplicity: 1,
    mulliken: {
      header: PLAIN,
      atoms: 44,
      atom0: { element: 'H', charge: -0.012857, spin: null },
      chargeSum: 0,
      spinSum: null,
    },
  },
};

export interface EngradExpectation {
  atoms: number;
  energy: number;
  maxComponent: number;
  maxAtomNorm: number;
  rms: number;
  atomicNumbers: number[];
  /** The output whose last FSPE equals this energy. */
  output: string;
}

export const ENGRAD_EXPECTATIONS: Record<string, EngradExpectation> = {
  'oact_utils/tests/files/orca_direct_example/AmO_orca.engrad': {
    atoms: 2,
    energy: -670.534993289315,
    maxComponent: 0.000128269733,
    maxAtomNorm: 0.000128269768,
    rms: 7.4056583e-5,
    atomicNumbers: [95, 8],
    output: 'oact_utils/tests/files/orca_direct_example/logs',
  },
  'oact_utils/tests/files/quacc_example/orca.engrad.gz': {
    atoms: 4,
    energy: -814.120925544656,
    maxComponent: 0.004501218123,
    maxAtomNorm: 0.004533063634,
    rms: 0.002539653637,
    atomicNumbers: [93, 9, 9, 9],
    output: 'oact_utils/tests/files/quacc_example/orca.out.gz',
  },
  'chemsmart/tests/data/ORCATests/outputs/water_opt.engrad': {
    atoms: 3,
    energy: -76.323311011349,
    maxComponent: 1.4390789e-5,
    maxAtomNorm: 1.7335278e-5,
    rms: 8.312363e-6,
    atomicNumbers: [8, 1, 1],
    output: 'chemsmart/tests/data/ORCATests/outputs/water_opt.out',
  },
  'chemsmart/tests/data/ORCATests/outputs/sn2_ts.engrad': {
    atoms: 6,
    energy: -599.599020937503,
    maxComponent: 0.000114766293,
    maxAtomNorm: 0.000120845218,
    rms: 4.3163816e-5,
    atomicNumbers: [6, 17, 1, 1, 1, 9],
    output: 'chemsmart/tests/data/ORCATests/outputs/sn2_ts.out',
  },
  'MetalDock/test/orca_engine/output/QM/geom_opt/geom.engrad': {
    atoms: 44,
    energy: -1763.997673401184,
    maxComponent: 0.056021997635,
    maxAtomNorm: 0.068632533425,
    rms: 0.015507206689,
    atomicNumbers: [
      1, 6, 6, 6, 1, 6, 1, 6, 6, 7, 6, 6, 7, 44, 6, 7, 1, 6, 6, 8, 8, 16, 1, 6, 6, 1, 6, 6, 6, 6, 6, 8, 1, 1,
      1, 1, 1, 1, 1, 6, 1, 8, 8, 1,
    ],
    output: 'MetalDock/test/orca_engine/output/QM/geom_opt/geom.out',
  },
};

export const SELLA_EXPECTATIONS: Record<
  string,
  {
    rows: number;
    runs: number;
    lastStep: number;
    firstEv: number;
    lastEv: number;
    lastFmax: number;
    lastFmaxEhBohr: number;
  }
> = {
  'oact_utils/examples/sella_water_example/job/sella.log': {
    rows: 4,
    runs: 1,
    lastStep: 3,
    firstEv: -2079.737492,
    lastEv: -2079.864568,
    lastFmax: 0.0216,
    lastFmaxEhBohr: 4.201e-4,
  },
};

/** Non-output text files: kind "other", no verdict (an "Error" in ORCA's stderr is not a failure). */
export const OTHER_EXPECTATIONS: Record<string, { lines: number; firstLine: string }> = {
  'oact_utils/tests/files/quacc_example/orca.err.gz': {
    lines: 9,
    firstLine: '--------------------------------------------------------------------------',
  },
  'oact_utils/examples/sella_water_example/job/sella_status.txt': {
    lines: 3,
    firstLine: 'status: CONVERGED',
  },
};
