import type { EngradData } from './types';

const MAX_ATOMS = 1_000_000;

export class EngradFormatError extends Error {}

/**
 * Incremental .engrad reader. Data lines (all lines not starting with '#') are: the atom count, the
 * energy (Eh), 3·N gradient components (Eh/Bohr; x, y, z per atom), then N lines "Z x y z" (Bohr).
 */
export class EngradReader {
  private atomCount: number | null = null;
  private energy: number | null = null;
  private readonly gradient: number[] = [];
  private readonly atomicNumbers: number[] = [];
  private readonly coordinates: number[] = [];

  acceptLine(line: string): void {
    const trimmed = line.trim();
    if (trimmed.length === 0 || trimmed.startsWith('#')) return;
    if (this.atomCount === null) {
      const count = Number(trimmed);
      if (!Number.isInteger(count) || count <= 0 || count > MAX_ATOMS) {
        throw new EngradFormatError(`expected the number of atoms, found "${trimmed.slice(0, 40)}"`);
      }
      this.atomCount = count;
    } else if (this.energy === null) {
      this.energy = this.number(trimmed);
    } else if (this.gradient.length < 3 * this.atomCount) {
      this.gradient.push(this.number(trimmed));
    } else if (this.atomicNumbers.length < this.atomCount) {
      const fields = trimmed.split(/\s+/);
      if (fields.length < 4)
        throw new EngradFormatError(`expected "Z x y z", found "${trimmed.slice(0, 60)}"`);
      this.atomicNumbers.push(this.number(fields[0] ?? ''));
      for (const field of fields.slice(1, 4)) this.coordinates.push(this.number(field));
    }
  }

  finish(): EngradData {
    const n = this.atomCount;
    if (n === null || this.energy === null) throw new EngradFormatError('no atom count or energy');
    if (this.gradient.length < 3 * n) {
      throw new EngradFormatError(`gradient has ${this.gradient.length} of ${3 * n} components`);
    }
    let maxAbs = 0;
    let maxNorm = 0;
    let sumSquares = 0;
    for (let atom = 0; atom < n; atom++) {
      let atomSquares = 0;
      for (let axis = 0; axis < 3; axis++) {
        const component = this.gradient[3 * atom + axis] as number;
        maxAbs = Math.max(maxAbs, Math.abs(component));
        atomSquares += component * component;
      }
      maxNorm = Math.max(maxNorm, Math.sqrt(atomSquares));
      sumSquares += atomSquares;
    }
    return {
      atomCount: n,
      energyEh: this.energy,
      gradientEhBohr: this.gradient,
      atomicNumbers: this.atomicNumbers,
      coordinatesBohr: this.coordinates,
      maxAbsComponentEhBohr: maxAbs,
      maxAtomNormEhBohr: maxNorm,
      normEhBohr: Math.sqrt(sumSquares),
      rmsEhBohr: Math.sqrt(sumSquares / (3 * n)),
    };
  }

  private number(text: string): number {
    const value = Number(text);
    if (text.length === 0 || !Number.isFinite(value)) {
      throw new EngradFormatError(`expected a number, found "${text.slice(0, 40)}"`);
    }
    return value;
  }
}

/** Parses .engrad text; throws EngradFormatError when it is not a complete engrad file. */
export function parseEngradText(text: string): EngradData {
  const reader = new EngradReader();
  for (const line of text.split('\n')) reader.acceptLine(line);
  return reader.finish();
}
