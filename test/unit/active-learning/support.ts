import type { Structure } from '../../../src/active-learning/extxyz';
import { evaluatePotential, toBohr } from '../../../src/simulator/potential';

/** The reference the loop's DFT stands for: the simulator's analytic potential at these positions. */
export function label(structure: Structure): Structure {
  const atoms = structure.positions.map(([x, y, z]) => ({ x, y, z }));
  const { energy } = evaluatePotential({ elements: structure.species, coordinatesBohr: toBohr(atoms) });
  return { ...structure, info: { ...structure.info, energy } };
}
