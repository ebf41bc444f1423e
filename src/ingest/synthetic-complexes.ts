import type { ElementSymbol } from './elements';
import type { Atom } from './geometry';

/**
 * Plausible (not optimised) geometries of small mononuclear complexes, for benches and demos.
 * Ligands are built in a local frame with the donor atom at the origin and the bond pointing
 * along +z away from the metal, then rotated onto their coordination direction.
 */

export interface LigandTemplate {
  name: string;
  charge: number;
  /** Metal–donor distance in Ångström. */
  bondLength: number;
  atoms: readonly (readonly [ElementSymbol, number, number, number])[];
}

const sin = (deg: number): number => Math.sin((deg * Math.PI) / 180);
const cos = (deg: number): number => Math.cos((deg * Math.PI) / 180);

/** Amine hydrogens at a tetrahedral M–N–H angle, spread 120° around the bond. */
const ammoniaHydrogens = [0, 120, 240].map(
  (phi) => ['H', 1.01 * sin(70.5) * cos(phi), 1.01 * sin(70.5) * sin(phi), 1.01 * cos(70.5)] as const,
);

export const LIGANDS = {
  water: {
    name: 'water',
    charge: 0,
    bondLength: 2.1,
    atoms: [
      ['O', 0, 0, 0],
      ['H', 0.96 * sin(52.25), 0, 0.96 * cos(52.25)],
      ['H', -0.96 * sin(52.25), 0, 0.96 * cos(52.25)],
    ],
  },
  ammonia: { name: 'ammonia', charge: 0, bondLength: 2.15, atoms: [['N', 0, 0, 0], ...ammoniaHydrogens] },
  chloride: { name: 'chloride', charge: -1, bondLength: 2.3, atoms: [['Cl', 0, 0, 0]] },
  carbonyl: {
    name: 'carbonyl',
    charge: 0,
    bondLength: 1.85,
    atoms: [
      ['C', 0, 0, 0],
      ['O', 0, 0, 1.13],
    ],
  },
  cyanide: {
    name: 'cyanide',
    charge: -1,
    bondLength: 1.95,
    atoms: [
      ['C', 0, 0, 0],
      ['N', 0, 0, 1.16],
    ],
  },
} as const satisfies Record<string, LigandTemplate>;

export type LigandName = keyof typeof LIGANDS;

type Vector = readonly [number, number, number];

export const COORDINATION_DIRECTIONS = {
  octahedral: [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
    [0, 0, 1],
    [0, 0, -1],
  ],
  squarePlanar: [
    [1, 0, 0],
    [-1, 0, 0],
    [0, 1, 0],
    [0, -1, 0],
  ],
  tetrahedral: [
    [1, 1, 1],
    [1, -1, -1],
    [-1, 1, -1],
    [-1, -1, 1],
  ].map((v) => v.map((c) => c / Math.sqrt(3)) as unknown as Vector),
} as const satisfies Record<string, readonly Vector[]>;

export type CoordinationGeometry = keyof typeof COORDINATION_DIRECTIONS;

/**
 * Builds metal + ligands; `ligands[i]` sits on the i-th direction of the coordination geometry.
 * `bondLength` (Å) overrides the ligands' generic metal–donor distances.
 */
export function buildComplex(
  metal: ElementSymbol,
  geometry: CoordinationGeometry,
  ligands: readonly LigandName[],
  bondLength?: number,
): { atoms: Atom[]; ligandCharge: number } {
  const directions = COORDINATION_DIRECTIONS[geometry];
  if (ligands.length !== directions.length) {
    throw new Error(`${geometry} needs ${directions.length} ligands, got ${ligands.length}`);
  }
  const atoms: Atom[] = [{ element: metal, x: 0, y: 0, z: 0 }];
  let ligandCharge = 0;
  ligands.forEach((name, index) => {
    const ligand: LigandTemplate = LIGANDS[name];
    ligandCharge += ligand.charge;
    const axis = directions[index]!;
    const [u, v] = perpendiculars(axis);
    for (const [element, lx, ly, lz] of ligand.atoms) {
      const along = (bondLength ?? ligand.bondLength) + lz;
      atoms.push({
        element,
        x: axis[0] * along + u[0] * lx + v[0] * ly,
        y: axis[1] * along + u[1] * lx + v[1] * ly,
        z: axis[2] * along + u[2] * lx + v[2] * ly,
      });
    }
  });
  return { atoms, ligandCharge };
}

/** Two unit vectors perpendicular to the unit vector `axis` and to each other. */
function perpendiculars(axis: Vector): [Vector, Vector] {
  const helper: Vector = Math.abs(axis[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = normalize(cross(axis, helper));
  return [u, cross(axis, u)];
}

function cross(a: Vector, b: Vector): Vector {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalize(a: Vector): Vector {
  const length = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / length, a[1] / length, a[2] / length];
}
