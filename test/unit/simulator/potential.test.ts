import fc from 'fast-check';
import {
  BOHR_PER_ANGSTROM,
  evaluatePotential,
  pairParameters,
  switchedMorse,
  toBohr,
} from '../../../src/simulator/potential';

function finiteDifferenceGradient(elements: string[], x: Float64Array, h = 1e-5): Float64Array {
  return x.map((_, k) => {
    const plus = x.slice();
    const minus = x.slice();
    plus[k] = plus[k]! + h;
    minus[k] = minus[k]! - h;
    return (
      (evaluatePotential({ elements, coordinatesBohr: plus }).energy -
        evaluatePotential({ elements, coordinatesBohr: minus }).energy) /
      (2 * h)
    );
  });
}

const COMPLEX = ['Fe', 'O', 'H', 'H', 'Cl', 'N', 'H'];
const COMPLEX_XYZ = toBohr([
  { x: 0, y: 0, z: 0 },
  { x: 2.05, y: 0.1, z: 0 },
  { x: 2.6, y: 0.85, z: 0.1 },
  { x: 2.55, y: -0.7, z: -0.1 },
  { x: 0, y: 2.3, z: 0.2 },
  { x: 0, y: -2.1, z: 0.1 },
  { x: 0.2, y: -2.75, z: 0.9 },
]);

describe('Morse pair potential', () => {
  it('has its analytic gradient equal to central finite differences', () => {
    const analytic = evaluatePotential({ elements: COMPLEX, coordinatesBohr: COMPLEX_XYZ }).gradient;
    const numeric = finiteDifferenceGradient(COMPLEX, COMPLEX_XYZ);
    expect(Math.max(...analytic)).toBeGreaterThan(1e-3); // not trivially zero
    analytic.forEach((g, k) => expect(g).toBeCloseTo(numeric[k]!, 7));
  });

  it('matches finite differences on random small geometries, including switched-off pairs', () => {
    const coordinate = fc.double({ min: -2.5, max: 2.5, noNaN: true });
    fc.assert(
      fc.property(fc.array(coordinate, { minLength: 12, maxLength: 12 }), (values) => {
        const elements = ['C', 'H', 'O', 'Cu'];
        const x = Float64Array.from(values, (v) => v * BOHR_PER_ANGSTROM);
        // |r| has a cusp at r = 0, so keep atoms apart (as any real geometry does)
        for (let i = 0; i < 4; i++) {
          for (let j = i + 1; j < 4; j++) {
            fc.pre(
              Math.hypot(
                x[3 * i]! - x[3 * j]!,
                x[3 * i + 1]! - x[3 * j + 1]!,
                x[3 * i + 2]! - x[3 * j + 2]!,
              ) > 0.5,
            );
          }
        }
        const analytic = evaluatePotential({ elements, coordinatesBohr: x }).gradient;
        const numeric = finiteDifferenceGradient(elements, x, 1e-6);
        analytic.forEach((g, k) => expect(Math.abs(g - numeric[k]!)).toBeLessThan(1e-6 + 1e-5 * Math.abs(g)));
      }),
      { numRuns: 200 },
    );
  });

  it('is translation invariant: the gradient sums to zero', () => {
    const { gradient } = evaluatePotential({ elements: COMPLEX, coordinatesBohr: COMPLEX_XYZ });
    for (let axis = 0; axis < 3; axis++) {
      const sum = COMPLEX.reduce((acc, _, i) => acc + gradient[3 * i + axis]!, 0);
      expect(Math.abs(sum)).toBeLessThan(1e-12);
    }
  });

  it('has a diatomic minimum at the sum of covalent radii, with zero force there', () => {
    const p = pairParameters('C', 'O');
    expect(p.equilibrium).toBeCloseTo((0.76 + 0.66) * BOHR_PER_ANGSTROM, 10);
    const at = (r: number) =>
      evaluatePotential({ elements: ['C', 'O'], coordinatesBohr: [0, 0, 0, 0, 0, r] });
    expect(at(p.equilibrium).gradient[5]).toBeCloseTo(0, 12);
    expect(at(p.equilibrium).energy).toBeLessThan(at(p.equilibrium * 1.05).energy);
    expect(at(p.equilibrium).energy).toBeLessThan(at(p.equilibrium * 0.95).energy);
  });

  it('switches pair terms off smoothly: continuous value and slope at both ends of the switch', () => {
    const p = pairParameters('Fe', 'N');
    for (const edge of [1.15, 1.3]) {
      const r = edge * p.equilibrium;
      const below = switchedMorse(r - 1e-9, p);
      const above = switchedMorse(r + 1e-9, p);
      expect(Math.abs(below.value - above.value)).toBeLessThan(1e-9);
      expect(Math.abs(below.derivative - above.derivative)).toBeLessThan(1e-6);
    }
    expect(switchedMorse(1.31 * p.equilibrium, p)).toEqual({ value: 0, derivative: 0 });
  });

  it('is deterministic and puts totals in the range of all-electron energies', () => {
    const a = evaluatePotential({
      elements: COMPLEX,
      coordinatesBohr: COMPLEX_XYZ,
      charge: 1,
      multiplicity: 6,
    });
    const b = evaluatePotential({
      elements: COMPLEX,
      coordinatesBohr: COMPLEX_XYZ,
      charge: 1,
      multiplicity: 6,
    });
    expect(a.energy).toBe(b.energy);
    expect(a.energy).toBeLessThan(-1000); // an iron complex
    expect(evaluatePotential({ elements: COMPLEX, coordinatesBohr: COMPLEX_XYZ }).energy).not.toBe(a.energy);
  });

  it('rejects coordinate arrays of the wrong length', () => {
    expect(() => evaluatePotential({ elements: ['H', 'H'], coordinatesBohr: [0, 0, 0] })).toThrow(
      /expected 6/,
    );
  });
});
