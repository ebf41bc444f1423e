import type { Atom } from '../ingest/geometry';

/**
 * Text blocks in the layout of ORCA 6 output. Only the lines parsers key on follow ORCA's format
 * exactly (labels, column order, number formats); the surrounding prose is the simulator's own.
 */

export const SIMULATED_ORCA_VERSION = '6.1.0';

/** `4.51e-03`: C-style exponent with at least two digits, as ORCA prints. */
export function sci(value: number, digits = 2): string {
  const [mantissa, exponent = '0'] = value.toExponential(digits).split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

export function rule(length: number, char = '-'): string {
  return char.repeat(length);
}

export function titled(title: string): string[] {
  return [rule(title.length), title, rule(title.length)];
}

export function header(): string[] {
  return [
    '',
    '                                 *****************',
    '                                 * O   R   C   A *',
    '                                 *****************',
    '',
    `                         Program Version ${SIMULATED_ORCA_VERSION}  -  RELEASE   -`,
    '',
    '        ==================================================================',
    '        orcasim: the orcastrate ORCA simulator. This is NOT the ORCA program.',
    '        Energies and gradients come from an analytic Morse pair potential;',
    '        no electronic structure is computed.',
    '        ==================================================================',
    '',
  ];
}

export function inputEcho(name: string, lines: readonly string[]): string[] {
  const body = lines.map((line, i) => `|${String(i + 1).padStart(3)}> ${line}`.trimEnd());
  return [
    rule(80, '='),
    '                                       INPUT FILE',
    rule(80, '='),
    `NAME = ${name}`,
    ...body,
    `|${String(lines.length + 1).padStart(3)}>                          ****END OF INPUT****`,
    rule(80, '='),
    '',
  ];
}

export function parallelBanner(nprocs: number): string[] {
  if (nprocs <= 1) return [];
  return [
    '           ************************************************************',
    `           *        Program running with ${String(nprocs).padStart(2)} parallel MPI-processes    *`,
    '           *              working on a common directory               *',
    '           ************************************************************',
  ];
}

export function coordinatesBlock(atoms: readonly Atom[]): string[] {
  const rows = atoms.map(
    (a) =>
      `  ${a.element.padEnd(2)}${a.x.toFixed(6).padStart(13)}${a.y.toFixed(6).padStart(12)}${a.z.toFixed(6).padStart(12)}`,
  );
  return [...titled('CARTESIAN COORDINATES (ANGSTROEM)'), ...rows, ''];
}

function setting(label: string, key: string, value: string): string {
  return ` ${label.padEnd(23)}${key.padEnd(16)}.... ${value}`;
}

export function scfSettings(options: {
  baseName: string;
  unrestricted: boolean;
  charge: number;
  multiplicity: number;
  electrons: number;
}): string[] {
  return [
    'General Settings:',
    setting('Integral files', 'IntName', options.baseName),
    setting('Hartree-Fock type', 'HFTyp', options.unrestricted ? 'UHF' : 'RHF'),
    setting('Total Charge', 'Charge', String(options.charge).padStart(4)),
    setting('Multiplicity', 'Mult', String(options.multiplicity).padStart(4)),
    setting('Number of Electrons', 'NEL', String(options.electrons).padStart(4)),
    '',
  ];
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

export interface ScfIteration {
  energy: number;
  deltaE: number;
  rmsDensityChange: number;
  maxDensityChange: number;
  diisError: number;
  damping: number;
}

export function scfTableHeader(): string[] {
  return [
    '',
    '----------------------------------------D-I-I-S--------------------------------------------',
    'Iteration    Energy (Eh)           Delta-E    RMSDP     MaxDP     DIISErr   Damp  Time(sec)',
    '-------------------------------------------------------------------------------------------',
  ];
}

export function scfTableRow(iteration: number, row: ScfIteration): string {
  return (
    `${String(iteration).padStart(5)}${row.energy.toFixed(16).padStart(26)}` +
    `${sci(row.deltaE).padStart(13)}${sci(row.rmsDensityChange).padStart(10)}` +
    `${sci(row.maxDensityChange).padStart(10)}${sci(row.diisError).padStart(10)}` +
    `${row.damping.toFixed(3).padStart(7)}${'0.1'.padStart(6)}`
  );
}

function centeredBox(lines: readonly string[]): string[] {
  const width = 51;
  const border = `               ${'*'.repeat(width + 2)}`;
  return [
    '',
    border,
    ...lines.map((line) => {
      const left = Math.ceil((width - line.length) / 2);
      return `               *${' '.repeat(left)}${line}${' '.repeat(width - left - line.length)}*`;
    }),
    border,
    '',
  ];
}

export function scfConvergedBox(cycles: number): string[] {
  return centeredBox(['SUCCESS', `SCF CONVERGED AFTER ${String(cycles).padStart(3)} CYCLES`]);
}

export function scfNotConvergedBox(cycles: number): string[] {
  return centeredBox(['ERROR', `SCF NOT CONVERGED AFTER ${String(cycles).padStart(3)} CYCLES`]);
}

const EV_PER_HARTREE = 27.211386245988;

export function totalScfEnergy(energy: number): string[] {
  return [
    ...titled('TOTAL SCF ENERGY'),
    '',
    `Total Energy       :${energy.toFixed(14).padStart(27)} Eh${(energy * EV_PER_HARTREE).toFixed(5).padStart(24)} eV`,
    '',
  ];
}

export function mullikenBlock(
  elements: readonly string[],
  charges: readonly number[],
  spins?: readonly number[],
): string[] {
  const title = spins ? 'MULLIKEN ATOMIC CHARGES AND SPIN POPULATIONS' : 'MULLIKEN ATOMIC CHARGES';
  const rows = elements.map((element, i) => {
    const spin = spins ? spins[i]!.toFixed(6).padStart(12) : '';
    return `${String(i).padStart(4)} ${element.padEnd(2)}:${charges[i]!.toFixed(6).padStart(12)}${spin}`;
  });
  const sum = (values: readonly number[]): string =>
    values
      .reduce((a, b) => a + b, 0)
      .toFixed(7)
      .padStart(13);
  const totals = spins
    ? [`Sum of atomic charges         :${sum(charges)}`, `Sum of atomic spin populations:${sum(spins)}`]
    : [`Sum of atomic charges:${sum(charges)}`];
  return [
    '',
    '                    ********************************',
    '                    * MULLIKEN POPULATION ANALYSIS *',
    '                    ********************************',
    '',
    ...titled(title),
    ...rows,
    ...totals,
    '',
  ];
}

export function finalSinglePointEnergy(energy: number, note?: string): string[] {
  const suffix = note ? `   (${note})` : '';
  return [
    '',
    '-------------------------   --------------------',
    `FINAL SINGLE POINT ENERGY${energy.toFixed(12).padStart(23)}${suffix}`,
    '-------------------------   --------------------',
    '',
  ];
}

export function cartesianGradient(elements: readonly string[], gradient: Float64Array): string[] {
  const rows = elements.map(
    (element, i) =>
      `${String(i + 1).padStart(4)}   ${element.padEnd(4)}:` +
      [0, 1, 2].map((k) => gradient[3 * i + k]!.toFixed(9).padStart(15)).join(''),
  );
  let norm = 0;
  let largest = 0;
  for (const g of gradient) {
    norm += g * g;
    largest = Math.max(largest, Math.abs(g));
  }
  const rms = gradient.length === 0 ? 0 : Math.sqrt(norm / gradient.length);
  return [
    ...titled('CARTESIAN GRADIENT'),
    '',
    ...rows,
    '',
    `Norm of the Cartesian gradient     ...${Math.sqrt(norm).toFixed(10).padStart(16)}`,
    `RMS gradient                       ...${rms.toFixed(10).padStart(16)}`,
    `MAX gradient                       ...${largest.toFixed(10).padStart(16)}`,
    '',
  ];
}

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

export function normalTermination(elapsedMs: number): string[] {
  return ['', '                             ****ORCA TERMINATED NORMALLY****', totalRunTime(elapsedMs)];
}

export function totalRunTime(elapsedMs: number): string {
  const ms = Math.max(0, Math.round(elapsedMs));
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor(ms / 3_600_000) % 24;
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `TOTAL RUN TIME: ${days} days ${hours} hours ${minutes} minutes ${seconds} seconds ${ms % 1000} msec`;
}

/** The error-termination tail: `ORCA finished by error termination in <module>` … `aborting the run`. */
export function errorTermination(module: string, callingCommand: string): string[] {
  return [
    '',
    `ORCA finished by error termination in ${module}`,
    `Calling Command: ${callingCommand}`,
    '[file orca_tools/qcmsg.cpp, line 465]: ',
    '  .... aborting the run',
    '',
  ];
}
