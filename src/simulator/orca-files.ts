import { atomicNumber } from '../ingest/elements';
import { formatXyz, type Atom } from '../ingest/geometry';

/** `<base>.engrad`: atom count, energy (Eh), gradient (Eh/Bohr, one component a line), Z and Bohr coordinates. */
export function formatEngrad(
  elements: readonly string[],
  energy: number,
  gradient: Float64Array,
  bohr: Float64Array,
): string {
  const lines = [
    '#',
    '# Number of atoms',
    '#',
    ` ${elements.length}`,
    '#',
    '# The current total energy in Eh',
    '#',
    `${energy.toFixed(12).padStart(20)}`,
    '#',
    '# The current gradient in Eh/bohr',
    '#',
    ...Array.from(gradient, (g) => g.toFixed(12).padStart(21)),
    '#',
    '# The atomic numbers and current coordinates in Bohr',
    '#',
    ...elements.map(
      (element, i) =>
        `${String(atomicNumber(element)).padStart(4)}` +
        [0, 1, 2].map((k) => bohr[3 * i + k]!.toFixed(7).padStart(14)).join('') +
        ' ',
    ),
  ];
  return lines.join('\n') + '\n';
}

/** `<base>.xyz`: the last geometry, with the energy in the comment line as ORCA writes it. */
export function formatResultXyz(atoms: readonly Atom[], baseName: string, energy: number): string {
  return formatXyz(atoms, `Coordinates from ORCA-job ${baseName} E ${energy.toFixed(12)}`);
}
