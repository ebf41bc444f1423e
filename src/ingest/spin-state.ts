import { atomicNumber } from './elements';

/**
 * Parses an integer cell. Integer-valued decimals ('2.0', as pandas writes integer columns that
 * contain NaN) are accepted; '1.5', 'abc' and '' are not.
 */
export function parseIntegerCell(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Electron count of a neutral-atom sum minus the charge. */
export function electronCount(elements: readonly string[], charge: number): number {
  let nuclearCharge = 0;
  for (const element of elements) {
    const z = atomicNumber(element);
    if (z === undefined) throw new Error(`unknown element ${element}`);
    nuclearCharge += z;
  }
  return nuclearCharge - charge;
}

/**
 * Why a multiplicity is impossible for an electron count, or undefined if it is possible:
 * 2S + 1 = m needs m − 1 unpaired electrons, at most all of them, with the rest paired.
 */
export function spinStateProblem(electrons: number, multiplicity: number): string | undefined {
  if (electrons < 0) return `charge leaves ${electrons} electrons`;
  if (multiplicity < 1) return `multiplicity ${multiplicity} is below 1`;
  if (multiplicity - 1 > electrons) {
    return `multiplicity ${multiplicity} needs ${multiplicity - 1} unpaired electrons but there are only ${electrons}`;
  }
  if ((electrons + multiplicity - 1) % 2 !== 0) {
    const parity = electrons % 2 === 0 ? 'even' : 'odd';
    return `multiplicity ${multiplicity} is impossible with an ${parity} number of electrons (${electrons})`;
  }
  return undefined;
}
