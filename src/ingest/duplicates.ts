import { createHash, hash } from 'node:crypto';

export interface StructureKey {
  charge: number;
  multiplicity: number;
  /** Standard XYZ text as stored (count line, comment line, atom lines). */
  geometryXyz: string;
}

/**
 * Finds rows whose structure repeats an earlier row of the same source: same atoms in the same
 * order, same coordinates as written to the job (8 decimals), same charge and multiplicity, i.e.
 * the same calculation. Atom order is not canonicalised: a permuted copy is not reported.
 *
 * Memory: one 32-byte digest and a row index per distinct structure, not the geometries.
 */
export class DuplicateIndex {
  private readonly firstRowByDigest = new Map<string, number>();

  /** The row index of the first earlier row with the same structure; remembers `rowIndex` if none. */
  earlierRowOf(rowIndex: number, key: StructureKey): number | undefined {
    const digest = structureDigest(key);
    const earlier = this.firstRowByDigest.get(digest);
    if (earlier === undefined) this.firstRowByDigest.set(digest, rowIndex);
    return earlier;
  }
}

function structureDigest({ charge, multiplicity, geometryXyz }: StructureKey): string {
  // the comment line names the row, so it is left out
  const secondLineBreak = geometryXyz.indexOf('\n', geometryXyz.indexOf('\n') + 1);
  return sha256Binary(`${charge} ${multiplicity}\n${geometryXyz.slice(secondLineBreak + 1)}`);
}

// crypto.hash (Node >= 20.12) spares creating a Hash object per row: half the cost here
const sha256Binary: (text: string) => string =
  typeof hash === 'function'
    ? (text) => hash('sha256', text, 'binary')
    : (text) => createHash('sha256').update(text).digest('binary');
