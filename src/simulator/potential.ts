import { atomicNumber } from '../ingest/elements';
import { covalentRadius, periodOf } from './covalent-radii';

/**
 * The simulator's stand-in for DFT: a deterministic, analytic energy in Hartree with its exact
 * gradient in Hartree/Bohr. It is a sum of Morse pair terms whose well sits at the sum of covalent
 * radii, smoothly switched off between 1.15 and 1.3 times that distance so that only bonded pairs
 * interact (otherwise every pair would pull together and molecules would collapse), plus constant
 * per-atom and per-state offsets that put totals in the range real all-electron energies have.
 */

export const BOHR_PER_ANGSTROM = 1 / 0.529177210903;

const SWITCH_ON = 1.15;
const SWITCH_OFF = 1.3;

export interface PotentialInput {
  elements: readonly string[];
  /** Flat Cartesian coordinates in Bohr: x0, y0, z0, x1, … (length 3 × atoms). */
  coordinatesBohr: ArrayLike<number>;
  charge?: number;
  multiplicity?: number;
}

export interface PotentialResult {
  /** Hartree. */
  energy: number;
  /** dE/dx in Hartree/Bohr, same layout as the coordinates. */
  gradient: Float64Array;
}

export interface PairParameters {
  /** Well depth in Hartree. */
  depth: number;
  /** Equilibrium distance in Bohr. */
  equilibrium: number;
  /** Morse steepness in 1/Bohr. */
  steepness: number;
}

export function pairParameters(a: string, b: string): PairParameters {
  const equilibrium = (covalentRadius(a) + covalentRadius(b)) * BOHR_PER_ANGSTROM;
  return {
    depth: 0.06 + 0.12 / Math.sqrt(periodOf(a) * periodOf(b)),
    equilibrium,
    steepness: 2 / equilibrium,
  };
}

/** A rough stand-in for an atom's total energy, growing like real all-electron energies do. */
export function atomicReferenceEnergy(element: string): number {
  const z = atomicNumber(element);
  if (z === undefined) throw new Error(`unknown element "${element}"`);
  return -0.5 * Math.pow(z, 2.4);
}

export function stateOffset(charge: number, multiplicity: number): number {
  return 0.1 * charge * charge + 0.002 * (multiplicity - 1);
}

export function evaluatePotential(input: PotentialInput): PotentialResult {
  const { elements, coordinatesBohr: xyz } = input;
  const n = elements.length;
  if (xyz.length !== 3 * n)
    throw new Error(`expected ${3 * n} coordinates for ${n} atoms, got ${xyz.length}`);
  const gradient = new Float64Array(3 * n);
  let energy = stateOffset(input.charge ?? 0, input.multiplicity ?? 1);
  for (const element of elements) energy += atomicReferenceEnergy(element);

  const parameters = new Map<string, PairParameters>();
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const key = `${elements[i]}-${elements[j]}`;
      let p = parameters.get(key);
      if (!p) parameters.set(key, (p = pairParameters(elements[i]!, elements[j]!)));
      const dx = xyz[3 * i]! - xyz[3 * j]!;
      const dy = xyz[3 * i + 1]! - xyz[3 * j + 1]!;
      const dz = xyz[3 * i + 2]! - xyz[3 * j + 2]!;
      const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
      const { value, derivative } = switchedMorse(r, p);
      if (value === 0 && derivative === 0) continue;
      energy += value;
      if (r === 0) continue;
      const scale = derivative / r;
      addTo(gradient, 3 * i, scale * dx, scale * dy, scale * dz);
      addTo(gradient, 3 * j, -scale * dx, -scale * dy, -scale * dz);
    }
  }
  return { energy, gradient };
}

function addTo(vector: Float64Array, offset: number, x: number, y: number, z: number): void {
  vector[offset] = vector[offset]! + x;
  vector[offset + 1] = vector[offset + 1]! + y;
  vector[offset + 2] = vector[offset + 2]! + z;
}

/** Morse well D[(1 − e^{−a(r−re)})² − 1] times a smoothstep cut-off; value and d/dr. */
export function switchedMorse(r: number, p: PairParameters): { value: number; derivative: number } {
  const rOn = SWITCH_ON * p.equilibrium;
  const rOff = SWITCH_OFF * p.equilibrium;
  if (r >= rOff) return { value: 0, derivative: 0 };
  const e = Math.exp(-p.steepness * (r - p.equilibrium));
  const morse = p.depth * ((1 - e) * (1 - e) - 1);
  const morseDerivative = 2 * p.depth * p.steepness * (1 - e) * e;
  if (r <= rOn) return { value: morse, derivative: morseDerivative };
  const width = rOff - rOn;
  const t = (r - rOn) / width;
  const s = 1 - t * t * (3 - 2 * t);
  const sDerivative = (-6 * t * (1 - t)) / width;
  return { value: morse * s, derivative: morseDerivative * s + morse * sDerivative };
}

/** Converts Ångström atoms to the flat Bohr layout used by `evaluatePotential`. */
export function toBohr(atoms: readonly { x: number; y: number; z: number }[]): Float64Array {
  const out = new Float64Array(3 * atoms.length);
  atoms.forEach((atom, i) => {
    out[3 * i] = atom.x * BOHR_PER_ANGSTROM;
    out[3 * i + 1] = atom.y * BOHR_PER_ANGSTROM;
    out[3 * i + 2] = atom.z * BOHR_PER_ANGSTROM;
  });
  return out;
}
