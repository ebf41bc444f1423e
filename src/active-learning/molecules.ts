import type { Structure } from './extxyz';
import type { SeededRandom } from './random';

/** Covalent radii (Å) of the elements the built-in engines use; bonds sit at their sums. */
export const RADII: Readonly<Record<string, number>> = { H: 0.31, C: 0.76, N: 0.71, O: 0.66 };

function radius(element: string): number {
  const r = RADII[element];
  if (r === undefined) throw new Error(`the built-in engines know H, C, N and O only, not ${element}`);
  return r;
}

const TETRAHEDRAL = Math.acos(-1 / 3);

function bonded(from: [number, number, number], direction: [number, number, number], length: number) {
  const norm = Math.hypot(...direction);
  return from.map((v, k) => v + (direction[k]! / norm) * length) as [number, number, number];
}

/** Closed-shell seed molecules near their minima on the simulator's potential. */
export function seedMolecules(): Record<string, Structure> {
  const oh = radius('O') + radius('H');
  const nh = radius('N') + radius('H');
  const ch = radius('C') + radius('H');
  const co = radius('C') + radius('O');
  const half = (104.5 / 2) * (Math.PI / 180);
  const water: Structure = {
    species: ['O', 'H', 'H'],
    positions: [
      [0, 0, 0],
      [0, oh * Math.sin(half), oh * Math.cos(half)],
      [0, -oh * Math.sin(half), oh * Math.cos(half)],
    ],
    info: { molecule: 'water' },
  };
  const pyramid = (length: number, angleFromAxis: number): [number, number, number][] =>
    [0, 1, 2].map((k) => {
      const phi = (2 * Math.PI * k) / 3;
      return [
        length * Math.sin(angleFromAxis) * Math.cos(phi),
        length * Math.sin(angleFromAxis) * Math.sin(phi),
        -length * Math.cos(angleFromAxis),
      ];
    });
  const ammonia: Structure = {
    species: ['N', 'H', 'H', 'H'],
    positions: [[0, 0, 0], ...pyramid(nh, (112 * Math.PI) / 180)],
    info: { molecule: 'ammonia' },
  };
  const tetra: [number, number, number][] = [
    [1, 1, 1],
    [1, -1, -1],
    [-1, 1, -1],
    [-1, -1, 1],
  ];
  const methane: Structure = {
    species: ['C', 'H', 'H', 'H', 'H'],
    positions: [[0, 0, 0], ...tetra.map((d) => bonded([0, 0, 0], d, ch))],
    info: { molecule: 'methane' },
  };
  const carbon: [number, number, number] = [0, 0, 0];
  const oxygen: [number, number, number] = [0, 0, co];
  const methylH = [0, 1, 2].map((k) => {
    const phi = (2 * Math.PI * k) / 3;
    return bonded(
      carbon,
      [Math.sin(TETRAHEDRAL) * Math.cos(phi), Math.sin(TETRAHEDRAL) * Math.sin(phi), Math.cos(TETRAHEDRAL)],
      ch,
    );
  });
  const hydroxylH = bonded(oxygen, [Math.sin(TETRAHEDRAL - Math.PI / 2 + 0.2), 0, 0.35], oh);
  const methanol: Structure = {
    species: ['C', 'O', 'H', 'H', 'H', 'H'],
    positions: [carbon, oxygen, ...methylH, hydroxylH],
    info: { molecule: 'methanol' },
  };
  return { water, ammonia, methane, methanol };
}

export const SEED_MOLECULE_NAMES = ['water', 'ammonia', 'methane', 'methanol'] as const;

/** Every atom moved by an isotropic Gaussian of `sigma` Å per coordinate. */
export function perturb(structure: Structure, sigma: number, random: SeededRandom): Structure {
  return {
    species: [...structure.species],
    positions: structure.positions.map(
      (p) => p.map((v) => v + sigma * random.normal()) as [number, number, number],
    ),
    info: { ...structure.info },
  };
}

export function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}

/**
 * A geometry the built-in engines consider chemically sane: no two atoms closer than `minFactor`
 * times their bond length, and every atom within `maxFactor` times a bond length of some neighbour
 * (so molecules do not fall apart; the simulator switches bonds off from 1.15 bond lengths on).
 */
export function isSane(structure: Structure, minFactor = 0.75, maxFactor = 1.12): boolean {
  const n = structure.species.length;
  for (let i = 0; i < n; i++) {
    let bondedToSomething = n === 1;
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const bond = radius(structure.species[i]!) + radius(structure.species[j]!);
      const r = distance(structure.positions[i]!, structure.positions[j]!);
      if (r < minFactor * bond) return false;
      if (r <= maxFactor * bond) bondedToSomething = true;
    }
    if (!bondedToSomething) return false;
  }
  return true;
}
