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
};

/** The oact_utils Sella driver's status file: "status: CONVERGED", "steps: 3", "final_fmax: 0.021567". */
export const SELLA_STATUS_EXPECTATIONS: Record<
  string,
  { status: string; converged: boolean; steps: number; finalFmaxEvPerAngstrom: number }
> = {
  'oact_utils/examples/sella_water_example/job/sella_status.txt': {
    status: 'CONVERGED', // line 1 "status: CONVERGED"
    converged: true,
    steps: 3, // line 2 "steps: 3"
    finalFmaxEvPerAngstrom: 0.021567, // line 3 "final_fmax: 0.021567"
  },
};
