/** Element symbols in order of atomic number: index + 1 = Z (H = 1 … Og = 118). */
// prettier-ignore
const SYMBOLS_BY_ATOMIC_NUMBER = [
  'H', 'He',
  'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne',
  'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar',
  'K', 'Ca', 'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr',
  'Rb', 'Sr', 'Y', 'Zr', 'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe',
  'Cs', 'Ba',
  'La', 'Ce', 'Pr', 'Nd', 'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu',
  'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg', 'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn',
  'Fr', 'Ra',
  'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm', 'Md', 'No', 'Lr',
  'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
] as const;

export type ElementSymbol = (typeof SYMBOLS_BY_ATOMIC_NUMBER)[number];

export const ELEMENT_COUNT = SYMBOLS_BY_ATOMIC_NUMBER.length;

const ATOMIC_NUMBER_BY_LOWERCASE_SYMBOL = new Map<string, number>(
  SYMBOLS_BY_ATOMIC_NUMBER.map((symbol, index) => [symbol.toLowerCase(), index + 1]),
);

/** Atomic number of a canonical symbol ('Fe' → 26); undefined for anything else. */
export function atomicNumber(symbol: string): number | undefined {
  const z = ATOMIC_NUMBER_BY_LOWERCASE_SYMBOL.get(symbol.toLowerCase());
  return z !== undefined && elementSymbol(z) === symbol ? z : undefined;
}

export function elementSymbol(z: number): ElementSymbol | undefined {
  return Number.isInteger(z) ? SYMBOLS_BY_ATOMIC_NUMBER[z - 1] : undefined;
}

/**
 * Reads an element label as written by structure files: any letter case ('FE', 'fe'),
 * or an atomic number ('26'). Returns the canonical symbol, or undefined if it names no element.
 */
export function normalizeElement(label: string): ElementSymbol | undefined {
  const trimmed = label.trim();
  if (/^\d{1,3}$/.test(trimmed)) return elementSymbol(Number(trimmed));
  const z = ATOMIC_NUMBER_BY_LOWERCASE_SYMBOL.get(trimmed.toLowerCase());
  return z === undefined ? undefined : elementSymbol(z);
}
