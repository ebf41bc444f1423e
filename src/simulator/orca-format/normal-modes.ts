import { titled } from './text-layout';

const COLUMNS_PER_BLOCK = 6;

/**
 * NORMAL MODES as ORCA prints it after VIBRATIONAL FREQUENCIES: a table of 3N rows (x, y, z per atom)
 * by 3N modes, six modes to a block, each block headed by its mode numbers.
 */
export function normalModesBlock(modes: readonly ArrayLike<number>[]): string[] {
  const lines = [
    '',
    ...titled('NORMAL MODES'),
    '',
    'These modes are the Cartesian displacements weighted by the diagonal matrix',
    'M(i,i)=1/sqrt(m[i]) where m[i] is the mass of the displaced atom',
    'Thus, these vectors are normalized but *not* orthogonal',
    '',
  ];
  const rows = modes[0]?.length ?? 0;
  for (let first = 0; first < modes.length; first += COLUMNS_PER_BLOCK) {
    const block = modes.slice(first, first + COLUMNS_PER_BLOCK);
    lines.push(`${' '.repeat(8)}${block.map((_, i) => String(first + i).padStart(11)).join('')}    `);
    for (let row = 0; row < rows; row++) {
      const values = block.map((mode) => mode[row]!.toFixed(6).padStart(11)).join('');
      lines.push(`${String(row).padStart(7)}    ${values}`);
    }
  }
  lines.push('', '');
  return lines;
}
