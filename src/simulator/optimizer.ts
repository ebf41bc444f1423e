/**
 * BFGS minimiser in Cartesian coordinates with a trust cap and an Armijo backtracking line search.
 * The caller drives it one geometry cycle at a time, so every accepted point can be printed as an
 * ORCA optimisation cycle; trial points rejected by the line search stay internal.
 */

export type EnergyAndGradient = (x: Float64Array) => { energy: number; gradient: Float64Array };

/** Largest Cartesian component of one step, in Bohr (ORCA's default trust radius is 0.3). */
const MAX_STEP_COMPONENT = 0.3;
/** Initial inverse Hessian = identity / this curvature (Eh/Bohr²), a typical stretch constant. */
const INITIAL_CURVATURE = 0.3;
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 30;

export class BfgsOptimizer {
  private inverseHessian: Float64Array;
  private previous: { x: Float64Array; gradient: Float64Array } | undefined;

  constructor(private readonly dimension: number) {
    this.inverseHessian = scaledIdentity(dimension, 1 / INITIAL_CURVATURE);
  }

  /**
   * Given the current point, its energy and gradient, returns the step to the next accepted point
   * (a zero step when the line search cannot lower the energy).
   */
  nextStep(
    x: Float64Array,
    energy: number,
    gradient: Float64Array,
    evaluate: EnergyAndGradient,
  ): Float64Array {
    this.updateInverseHessian(x, gradient);
    this.previous = { x: x.slice(), gradient: gradient.slice() };

    let direction = multiply(this.inverseHessian, gradient, this.dimension).map((v) => -v);
    if (dot(direction, gradient) >= 0) {
      // Not a descent direction: the curvature model went bad, restart from steepest descent.
      this.inverseHessian = scaledIdentity(this.dimension, 1 / INITIAL_CURVATURE);
      direction = gradient.map((g) => -g / INITIAL_CURVATURE);
    }
    const largest = maxAbs(direction);
    if (largest > MAX_STEP_COMPONENT) direction = direction.map((v) => (v * MAX_STEP_COMPONENT) / largest);

    const slope = dot(direction, gradient);
    let alpha = 1;
    for (let attempt = 0; attempt < MAX_BACKTRACKS; attempt++) {
      const step = direction.map((v) => v * alpha);
      const trial = x.map((v, i) => v + step[i]!);
      if (evaluate(trial).energy <= energy + ARMIJO * alpha * slope) return step;
      alpha /= 2;
    }
    return new Float64Array(this.dimension);
  }

  private updateInverseHessian(x: Float64Array, gradient: Float64Array): void {
    if (!this.previous) return;
    const n = this.dimension;
    const s = x.map((v, i) => v - this.previous!.x[i]!);
    const y = gradient.map((v, i) => v - this.previous!.gradient[i]!);
    const sy = dot(s, y);
    if (sy <= 1e-12) return; // curvature condition fails: keep the old model
    const rho = 1 / sy;
    const hy = multiply(this.inverseHessian, y, n);
    const yhy = dot(y, hy);
    // H+ = H − ρ(s·yᵀH + H·y·sᵀ) + (ρ²·yᵀHy + ρ)·s·sᵀ, for symmetric H
    const next = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        next[i * n + j] =
          this.inverseHessian[i * n + j]! -
          rho * (s[i]! * hy[j]! + hy[i]! * s[j]!) +
          (rho * rho * yhy + rho) * s[i]! * s[j]!;
      }
    }
    this.inverseHessian = next;
  }
}

function scaledIdentity(n: number, value: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = value;
  return m;
}

function multiply(matrix: Float64Array, vector: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += matrix[i * n + j]! * vector[j]!;
    out[i] = sum;
  }
  return out;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function maxAbs(a: Float64Array): number {
  let largest = 0;
  for (const v of a) largest = Math.max(largest, Math.abs(v));
  return largest;
}

export function rms(a: Float64Array): number {
  return a.length === 0 ? 0 : Math.sqrt(dot(a, a) / a.length);
}
