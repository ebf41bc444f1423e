import { atomicNumber } from '../ingest/elements';
import { covalentRadius } from './covalent-radii';
import { fakeMullikenCharges } from './populations';
import { BOHR_PER_ANGSTROM } from './potential';

/**
 * Deterministic stand-ins for what ORCA prints about the wavefunction. Only the nuclear repulsion
 * and the dipole (of the fake charges) are computed from the geometry; everything else is a smooth
 * made-up function of it, with the sums ORCA's numbers obey (components add up to the total energy,
 * occupations to the electron count).
 */

export interface OrbitalList {
  /** Occupation and energy (Eh) of each printed orbital, in ascending energy. */
  orbitals: { occupation: number; energyEh: number }[];
}

export interface ScfComponents {
  totalEh: number;
  nuclearRepulsionEh: number;
  oneElectronEh: number;
  twoElectronEh: number;
  exchangeCorrelationEh: number;
}

export interface MayerBondOrder {
  atoms: [number, number];
  order: number;
}

/** ORCA prints all occupied orbitals and the first 10 virtual ones. */
export const VIRTUALS_PRINTED = 10;

function distance(x: ArrayLike<number>, i: number, j: number): number {
  const d = [0, 1, 2].map((k) => x[3 * i + k]! - x[3 * j + k]!);
  return Math.sqrt(d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2);
}

export function nuclearRepulsion(elements: readonly string[], xBohr: ArrayLike<number>): number {
  let energy = 0;
  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      energy +=
        ((atomicNumber(elements[i]!) ?? 0) * (atomicNumber(elements[j]!) ?? 0)) / distance(xBohr, i, j);
    }
  }
  return energy;
}

export function scfComponents(
  elements: readonly string[],
  xBohr: ArrayLike<number>,
  totalEh: number,
): ScfComponents {
  const nuclearRepulsionEh = nuclearRepulsion(elements, xBohr);
  const electronic = totalEh - nuclearRepulsionEh;
  const oneElectronEh = 1.7 * electronic;
  return {
    totalEh,
    nuclearRepulsionEh,
    oneElectronEh,
    twoElectronEh: electronic - oneElectronEh,
    exchangeCorrelationEh: 0.056 * electronic,
  };
}

/** Occupied orbitals from deep core to a HOMO near −0.25 Eh, then virtual ones from near 0.02 Eh. */
function orbitalLadder(occupied: number, occupation: number, shift: number): OrbitalList {
  const orbitals: OrbitalList['orbitals'] = [];
  for (let i = 0; i < occupied; i++) {
    const depth = occupied - 1 - i; // 0 for the HOMO
    orbitals.push({ occupation, energyEh: -0.25 - shift - 0.07 * depth - 0.002 * depth ** 2.6 });
  }
  for (let i = 0; i < VIRTUALS_PRINTED; i++) {
    orbitals.push({ occupation: 0, energyEh: 0.02 - shift / 2 + 0.045 * i + 0.003 * i * i });
  }
  return { orbitals };
}

/** Restricted: one list of doubly occupied orbitals; unrestricted: alpha and beta lists. */
export function orbitalEnergies(
  electrons: number,
  multiplicity: number,
  charge: number,
  unrestricted: boolean,
): { restricted: OrbitalList } | { alpha: OrbitalList; beta: OrbitalList } {
  const shift = 0.05 * charge;
  if (!unrestricted) return { restricted: orbitalLadder(Math.floor(electrons / 2), 2, shift) };
  const alpha = (electrons + multiplicity - 1) / 2;
  const beta = electrons - alpha;
  return { alpha: orbitalLadder(alpha, 1, shift), beta: orbitalLadder(beta, 1, shift + 0.04) };
}

/** Loewdin charges are typically smaller in magnitude than Mulliken's. */
export function fakeLoewdinCharges(elements: readonly string[], charge: number): number[] {
  const mulliken = fakeMullikenCharges(elements, charge);
  const mean = charge / Math.max(1, elements.length);
  return mulliken.map((q) => mean + 0.6 * (q - mean));
}

/** 1 at the sum of covalent radii, falling off exponentially; pairs above 0.1 as ORCA prints them. */
export function mayerBondOrders(elements: readonly string[], xBohr: ArrayLike<number>): MayerBondOrder[] {
  const bonds: MayerBondOrder[] = [];
  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      const reference = (covalentRadius(elements[i]!) + covalentRadius(elements[j]!)) * BOHR_PER_ANGSTROM;
      const order = Math.exp((reference - distance(xBohr, i, j)) / (0.3 * BOHR_PER_ANGSTROM));
      if (order > 0.1) bonds.push({ atoms: [i, j], order: Math.min(order, 3) });
    }
  }
  return bonds;
}

/** Σ qᵢ·Rᵢ of the fake Mulliken charges (a.u.), split as ORCA does into nuclear and electronic parts. */
export function dipoleMoment(
  elements: readonly string[],
  xBohr: ArrayLike<number>,
  charge: number,
): { electronic: number[]; nuclear: number[]; total: number[] } {
  const charges = fakeMullikenCharges(elements, charge);
  const total = [0, 1, 2].map((k) => charges.reduce((sum, q, i) => sum + q * xBohr[3 * i + k]!, 0));
  const nuclear = [0, 1, 2].map((k) =>
    elements.reduce((sum, element, i) => sum + (atomicNumber(element) ?? 0) * xBohr[3 * i + k]!, 0),
  );
  return { electronic: total.map((t, k) => t - nuclear[k]!), nuclear, total };
}
