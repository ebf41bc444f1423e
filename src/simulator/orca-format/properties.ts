import { titled } from './text-layout';

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

export function gradientHeading(): string[] {
  return [
    '------------------------------------------------------------------------------',
    '                         ORCA SCF GRADIENT CALCULATION',
    '------------------------------------------------------------------------------',
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
