import { sci } from './text-layout';

export interface ConvergenceTolerances {
  energy: number;
  rmsGradient: number;
  maxGradient: number;
  rmsStep: number;
  maxStep: number;
}

export interface ConvergenceRow {
  label: 'Energy change' | 'RMS gradient' | 'MAX gradient' | 'RMS step' | 'MAX step';
  value: number;
  tolerance: number;
  converged: boolean;
}

export function optimizationSettings(maxIter: number, tolerances: ConvergenceTolerances): string[] {
  return [
    '                       *****************************',
    '                       * Geometry Optimization Run *',
    '                       *****************************',
    '',
    'Geometry optimization settings:',
    'Update method            Update   .... BFGS',
    'Choice of coordinates    CoordSys .... Cartesian (orcasim)',
    `Max. no of cycles        MaxIter  .... ${maxIter}`,
    '',
    'Convergence Tolerances:',
    `Energy Change            TolE     ....  ${sci(tolerances.energy, 4)} Eh`,
    `Max. Gradient            TolMAXG  ....  ${sci(tolerances.maxGradient, 4)} Eh/bohr`,
    `RMS Gradient             TolRMSG  ....  ${sci(tolerances.rmsGradient, 4)} Eh/bohr`,
    `Max. Displacement        TolMAXD  ....  ${sci(tolerances.maxStep, 4)} bohr`,
    `RMS Displacement         TolRMSD  ....  ${sci(tolerances.rmsStep, 4)} bohr`,
    '',
  ];
}

export function optimizationCycleBanner(cycle: number): string[] {
  return [
    '',
    '         *************************************************************',
    `         *                GEOMETRY OPTIMIZATION CYCLE ${String(cycle).padStart(3)}            *`,
    '         *************************************************************',
  ];
}

export function geometryConvergenceTable(rows: readonly ConvergenceRow[]): string[] {
  return [
    '',
    '                                .--------------------.',
    '          ----------------------|Geometry convergence|-------------------------',
    '          Item                value                   Tolerance       Converged',
    '          ---------------------------------------------------------------------',
    ...rows.map(
      (row) =>
        `          ${row.label.padEnd(14)}${row.value.toFixed(10).padStart(18)}` +
        `${row.tolerance.toFixed(10).padStart(24)}      ${row.converged ? 'YES' : 'NO'}`,
    ),
    '          ---------------------------------------------------------------------',
    '',
  ];
}

export function geometryRelaxationHeading(energy: number, gradient: Float64Array): string[] {
  return [
    '------------------------------------------------------------------------------',
    '                         ORCA GEOMETRY RELAXATION STEP',
    '------------------------------------------------------------------------------',
    '',
    `Current Energy                          ....${energy.toFixed(9).padStart(17)} Eh`,
    `Current gradient norm                   ....${Math.sqrt(gradient.reduce((s, g) => s + g * g, 0))
      .toFixed(9)
      .padStart(17)} Eh/bohr`,
  ];
}

export function optimizationConverged(): string[] {
  return [
    '',
    '                    ***********************HURRAY********************',
    '                    ***        THE OPTIMIZATION HAS CONVERGED     ***',
    '                    *************************************************',
    '',
  ];
}

export function optimizationNotYetConverged(): string[] {
  return ['The optimization has not yet converged - more geometry cycles are needed', ''];
}

export function optimizationDidNotConverge(maxIter: number): string[] {
  return [
    '',
    '    ----------------------------------------------------------------------------',
    '                                  WARNING !!!',
    '       The optimization did not converge but reached the maximum number of',
    `       optimization cycles (${maxIter}). Treat the last geometry with suspicion.`,
    '    ----------------------------------------------------------------------------',
    '',
  ];
}

export function finalEnergyEvaluationBanner(): string[] {
  return [
    '',
    '                       ******************************************************',
    '                       *** FINAL ENERGY EVALUATION AT THE STATIONARY POINT ***',
    '                       ******************************************************',
    '',
  ];
}

export function optimizationRunDone(): string[] {
  return ['', '                                *** OPTIMIZATION RUN DONE ***', ''];
}
