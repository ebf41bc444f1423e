import type { Atom } from '../../ingest/geometry';
import { rule, titled } from './text-layout';

export const SIMULATED_ORCA_VERSION = '6.1.0';

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
