import { titled } from './text-layout';

const EV_PER_HARTREE = 27.211386245988;
const DEBYE_PER_AU = 2.541746473;

export interface PrintedOrbital {
  occupation: number;
  energyEh: number;
}

function orbitalRows(orbitals: readonly PrintedOrbital[]): string[] {
  return [
    '  NO   OCC          E(Eh)            E(eV) ',
    ...orbitals.map(
      (o, i) =>
        `${String(i).padStart(4)}   ${o.occupation.toFixed(4)}${o.energyEh.toFixed(6).padStart(15)}` +
        `${(o.energyEh * EV_PER_HARTREE).toFixed(4).padStart(15)} `,
    ),
  ];
}

/** ORBITAL ENERGIES: one list, or SPIN UP and SPIN DOWN lists; ORCA prints 10 virtual orbitals. */
export function orbitalEnergies(
  lists:
    | { restricted: readonly PrintedOrbital[] }
    | { alpha: readonly PrintedOrbital[]; beta: readonly PrintedOrbital[] },
): string[] {
  const body =
    'restricted' in lists
      ? ['', ...orbitalRows(lists.restricted)]
      : [
          '                 SPIN UP ORBITALS',
          ...orbitalRows(lists.alpha),
          '',
          '                 SPIN DOWN ORBITALS',
          ...orbitalRows(lists.beta),
        ];
  return [
    '',
    ...titled('ORBITAL ENERGIES'),
    ...body,
    '*Only the first 10 virtual orbitals were printed.',
    '',
  ];
}

export function loewdinBlock(
  elements: readonly string[],
  charges: readonly number[],
  spins?: readonly number[],
): string[] {
  const title = spins ? 'LOEWDIN ATOMIC CHARGES AND SPIN POPULATIONS' : 'LOEWDIN ATOMIC CHARGES';
  const rows = elements.map((element, i) => {
    const spin = spins ? spins[i]!.toFixed(6).padStart(12) : '';
    return `${String(i).padStart(4)} ${element.padEnd(2)}:${charges[i]!.toFixed(6).padStart(12)}${spin}`;
  });
  return [
    '',
    '                     *******************************',
    '                     * LOEWDIN POPULATION ANALYSIS *',
    '                     *******************************',
    '',
    ...titled(title),
    ...rows,
    '',
  ];
}

/** The Mayer analysis as far as parsers read it: its banner and the bond orders, three a line. */
export function mayerBlock(
  elements: readonly string[],
  bonds: readonly { atoms: [number, number]; order: number }[],
): string[] {
  const label = (i: number) => `${String(i).padStart(3)}-${elements[i]!.padEnd(2)}`;
  const cells = bonds.map(
    ({ atoms: [a, b], order }) => `B(${label(a)},${label(b)}) : ${order.toFixed(4).padStart(8)} `,
  );
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += 3) lines.push(cells.slice(i, i + 3).join(''));
  return [
    '',
    '                      *****************************',
    '                      * MAYER POPULATION ANALYSIS *',
    '                      *****************************',
    '',
    '  Mayer bond orders larger than 0.100000',
    ...lines,
    '',
  ];
}

export function dipoleBlock(
  dipole: { electronic: readonly number[]; nuclear: readonly number[]; total: readonly number[] },
  multiplicity: number,
  energyEh: number,
): string[] {
  const row = (label: string, v: readonly number[]) =>
    `${label.padEnd(23)}:${v.map((c) => c.toFixed(9).padStart(17)).join('')}`;
  const magnitude = Math.hypot(...dipole.total);
  return [
    '',
    ...titled('DIPOLE MOMENT'),
    '',
    'Method             : SCF',
    'Type of density    : Electron Density',
    `Multiplicity       : ${String(multiplicity).padStart(3)}`,
    'Irrep              :   0',
    `Energy             : ${energyEh.toFixed(16).padStart(22)} Eh`,
    'Basis              : AO',
    '                                X                 Y                 Z',
    row('Electronic contribution', dipole.electronic),
    row('Nuclear contribution', dipole.nuclear),
    '                        -----------------------------------------',
    row('Total Dipole Moment', dipole.total),
    '                        -----------------------------------------',
    `Magnitude (a.u.)       : ${magnitude.toFixed(9).padStart(16)}`,
    `Magnitude (Debye)      : ${(magnitude * DEBYE_PER_AU).toFixed(9).padStart(16)}`,
    '',
  ];
}
