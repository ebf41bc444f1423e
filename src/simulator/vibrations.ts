import { atomicMass } from './atomic-masses';
import { pairParameters, switchedMorse } from './potential';

/** Electron masses per unified atomic mass unit (CODATA 2018). */
const ELECTRON_MASSES_PER_U = 1822.888486209;
/** cm-1 per atomic unit of angular frequency (Hartree/ħ). */
const WAVENUMBERS_PER_AU = 219474.6313632;
/** Central-difference step of the pair curvature, Bohr. */
const STEP = 1e-4;
/**
 * The model potential has pair terms only, so bends and torsions without a pair across them have no
 * restoring force and come out at zero (up to rounding), printed as 0.00 like translations and
 * rotations.
 */
export const FREE_MODE_CM1 = 1;

export interface VibrationalAnalysis {
  /** One per Cartesian degree of freedom: zero modes first (0), then the others in ascending order. */
  frequenciesCm1: number[];
  /**
   * ORCA's NORMAL MODES, one per frequency: the mass-weighted eigenvector times 1/√m per coordinate,
   * normalised (zeros for the zero modes, as ORCA prints them).
   */
  normalModes: Float64Array[];
  zeroModes: number;
  /** Principal moments of inertia, u·Bohr², ascending. */
  momentsOfInertia: number[];
  linear: boolean;
  totalMassU: number;
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix (cyclic Jacobi rotations), ascending; `a` is
 * overwritten. `vectors[k]` belongs to `values[k]`.
 */
export function symmetricEigensystem(
  a: Float64Array[],
  n: number,
): { values: number[]; vectors: Float64Array[] } {
  const v = Array.from({ length: n }, (_, i) =>
    Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let p = 0; p < n; p++) {
      diagonal += a[p]![p]! * a[p]![p]!;
      for (let q = p + 1; q < n; q++) off += a[p]![q]! * a[p]![q]!;
    }
    if (off <= 1e-30 * Math.max(diagonal, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (apq === 0) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        const tau = s / (1 + c);
        a[p]![p] = a[p]![p]! - t * apq;
        a[q]![q] = a[q]![q]! + t * apq;
        a[p]![q] = a[q]![p] = 0;
        for (let k = 0; k < n; k++) {
          const g = v[k]![p]!;
          const h = v[k]![q]!;
          v[k]![p] = g - s * (h + g * tau);
          v[k]![q] = h + s * (g - h * tau);
          if (k === p || k === q) continue;
          const gk = a[k]![p]!;
          const hk = a[k]![q]!;
          a[k]![p] = a[p]![k] = gk - s * (hk + gk * tau);
          a[k]![q] = a[q]![k] = hk + s * (gk - hk * tau);
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[x]![x]! - a[y]![y]!);
  return {
    values: order.map((i) => a[i]![i]!),
    vectors: order.map((i) => Float64Array.from(v, (row) => row[i]!)),
  };
}

/** Eigenvalues of a symmetric matrix, ascending; `a` is overwritten. */
export function symmetricEigenvalues(a: Float64Array[], n: number): number[] {
  return symmetricEigensystem(a, n).values;
}

/**
 * The Hessian of the pair springs: Σ V''(r)·u·uᵀ over the pairs (Eh/Bohr²). The first-derivative
 * term V'(r)/r·(1 − u·uᵀ) is left out, i.e. each pair is taken at rest: at a converged geometry it
 * is nearly zero anyway, and leaving it out keeps the residual forces of an optimization (within its
 * tolerance) from turning the free bends into small imaginary modes. A pair beyond the inflection
 * point of its potential (V'' < 0) still gives an imaginary mode, as a stretched bond should.
 */
function springHessian(elements: readonly string[], x: Float64Array): Float64Array[] {
  const n = x.length;
  const h = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      const u = [0, 1, 2].map((k) => x[3 * i + k]! - x[3 * j + k]!);
      const r = Math.hypot(u[0]!, u[1]!, u[2]!);
      if (r === 0) continue;
      const p = pairParameters(elements[i]!, elements[j]!);
      const k = (switchedMorse(r + STEP, p).derivative - switchedMorse(r - STEP, p).derivative) / (2 * STEP);
      if (k === 0) continue;
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          const block = (k * u[a]! * u[b]!) / (r * r);
          h[3 * i + a]![3 * i + b] = h[3 * i + a]![3 * i + b]! + block;
          h[3 * j + a]![3 * j + b] = h[3 * j + a]![3 * j + b]! + block;
          h[3 * i + a]![3 * j + b] = h[3 * i + a]![3 * j + b]! - block;
          h[3 * j + a]![3 * i + b] = h[3 * j + a]![3 * i + b]! - block;
        }
      }
    }
  }
  return h;
}

/** Translations and rotations in mass-weighted coordinates, orthonormal (5 for linear molecules). */
function rigidMotions(x: Float64Array, masses: readonly number[]): Float64Array[] {
  const n = masses.length;
  const total = masses.reduce((a, b) => a + b, 0);
  const centre = [0, 1, 2].map((k) => masses.reduce((sum, m, i) => sum + m * x[3 * i + k]!, 0) / total);
  const vectors: Float64Array[] = [];
  for (let k = 0; k < 3; k++) {
    const v = new Float64Array(3 * n);
    masses.forEach((m, i) => (v[3 * i + k] = Math.sqrt(m)));
    vectors.push(v);
  }
  for (let k = 0; k < 3; k++) {
    const v = new Float64Array(3 * n);
    masses.forEach((m, i) => {
      const r = [0, 1, 2].map((a) => x[3 * i + a]! - centre[a]!);
      const axis = [0, 0, 0];
      axis[k] = 1;
      const cross = [
        axis[1]! * r[2]! - axis[2]! * r[1]!,
        axis[2]! * r[0]! - axis[0]! * r[2]!,
        axis[0]! * r[1]! - axis[1]! * r[0]!,
      ];
      for (let a = 0; a < 3; a++) v[3 * i + a] = Math.sqrt(m) * cross[a]!;
    });
    vectors.push(v);
  }
  const basis: Float64Array[] = [];
  for (const v of vectors) {
    for (const b of basis) {
      const dot = v.reduce((sum, value, i) => sum + value * b[i]!, 0);
      for (let i = 0; i < v.length; i++) v[i] = v[i]! - dot * b[i]!;
    }
    const norm = Math.sqrt(v.reduce((sum, value) => sum + value * value, 0));
    if (norm > 1e-6) basis.push(v.map((value) => value / norm));
  }
  return basis;
}

function cartesianDisplacements(vector: Float64Array, weight: readonly number[]): Float64Array {
  const cartesian = vector.map((value, i) => value * weight[i]!);
  const norm = Math.sqrt(cartesian.reduce((sum, value) => sum + value * value, 0));
  return norm > 0 ? cartesian.map((value) => value / norm) : cartesian;
}

function momentsOfInertia(x: Float64Array, masses: readonly number[]): number[] {
  const total = masses.reduce((a, b) => a + b, 0);
  const centre = [0, 1, 2].map((k) => masses.reduce((sum, m, i) => sum + m * x[3 * i + k]!, 0) / total);
  const tensor = [new Float64Array(3), new Float64Array(3), new Float64Array(3)];
  masses.forEach((m, i) => {
    const r = [0, 1, 2].map((a) => x[3 * i + a]! - centre[a]!);
    const r2 = r[0]! ** 2 + r[1]! ** 2 + r[2]! ** 2;
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) tensor[a]![b] = tensor[a]![b]! + m * ((a === b ? r2 : 0) - r[a]! * r[b]!);
    }
  });
  return symmetricEigenvalues(tensor, 3).map((value) => Math.max(0, value));
}

/**
 * Harmonic frequencies of the model potential at `x` (Bohr): the mass-weighted spring Hessian with
 * translations and rotations projected out, as ORCA's frequency module does with its Hessian.
 */
export function vibrationalAnalysis(elements: readonly string[], x: Float64Array): VibrationalAnalysis {
  const masses = elements.map(atomicMass);
  const n = 3 * elements.length;
  const h = springHessian(elements, x);
  const weight = Array.from(
    { length: n },
    (_, i) => 1 / Math.sqrt(masses[Math.floor(i / 3)]! * ELECTRON_MASSES_PER_U),
  );
  const weighted = h.map((row, i) => row.map((value, j) => value * weight[i]! * weight[j]!));
  // P·H·P with P = 1 − Σ v·vᵀ over the rigid motions (in √u-weighted coordinates, same directions)
  const motions = rigidMotions(x, masses);
  const project = (m: Float64Array[]): Float64Array[] => {
    const out = m.map((row) => Float64Array.from(row));
    for (const v of motions) {
      for (const row of out) {
        const dot = row.reduce((sum, value, j) => sum + value * v[j]!, 0);
        for (let j = 0; j < n; j++) row[j] = row[j]! - dot * v[j]!;
      }
    }
    return out;
  };
  const once = project(weighted);
  const transposed = Array.from({ length: n }, (_, i) => Float64Array.from(once, (row) => row[i]!));
  const projected = project(transposed);
  const eigen = symmetricEigensystem(projected, n);
  const modes = eigen.values.map((lambda, k) => ({
    wavenumber: Math.sign(lambda) * Math.sqrt(Math.abs(lambda)) * WAVENUMBERS_PER_AU,
    vector: eigen.vectors[k]!,
  }));
  const zero = modes.filter((m) => Math.abs(m.wavenumber) < FREE_MODE_CM1).length;
  const moving = modes.filter((m) => Math.abs(m.wavenumber) >= FREE_MODE_CM1);
  const moments = momentsOfInertia(x, masses);
  return {
    frequenciesCm1: [...new Array<number>(zero).fill(0), ...moving.map((m) => m.wavenumber)],
    normalModes: [
      ...Array.from({ length: zero }, () => new Float64Array(n)),
      ...moving.map((m) => cartesianDisplacements(m.vector, weight)),
    ],
    zeroModes: zero,
    momentsOfInertia: moments,
    linear: motions.length === 5,
    totalMassU: masses.reduce((a, b) => a + b, 0),
  };
}
