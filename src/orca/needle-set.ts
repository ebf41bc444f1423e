/** lo1, hi1, lo2, hi2: 16 bytes each, bits 0 to KERNEL_BUCKETS − 1 (the kernel packs them in two). */
export type PairTables = Uint8Array;

/** A literal searched for in outputs; `anchor` is a byte pair of it that is rare in ORCA outputs. */
export interface Needle<K> {
  text: string;
  anchor: string;
  kind: K;
}

interface PlacedNeedle<K> {
  needle: Needle<K>;
  /** 1-based, in the order given. */
  id: number;
  bytes: Uint8Array;
  /** Offset of the anchor in the needle. */
  anchorAt: number;
}

/** A class of byte pairs: first byte in `first`, second in `second` (as the kernel's tables see them). */
interface Bucket {
  first: Set<number>;
  second: Set<number>;
  pairs: number;
}

/** The most buckets tables can describe (one bit each in a byte). */
const MAX_BUCKETS = 8;
/**
 * Buckets the scan kernel uses: with 4, a byte's classes as first and as second byte of a pair fit in
 * one byte, so the kernel needs two table lookups per byte instead of four.
 */
export const KERNEL_BUCKETS = 4;

/** The bytes a nibble table accepts for `set`: every high nibble of the set with every low nibble. */
function rectangle(set: Set<number>): number {
  const highs = new Set([...set].map((byte) => byte >> 4));
  const lows = new Set([...set].map((byte) => byte & 15));
  return highs.size * lows.size;
}

function merged(a: Bucket, b: Bucket): Bucket {
  return {
    first: new Set([...a.first, ...b.first]),
    second: new Set([...a.second, ...b.second]),
    pairs: a.pairs + b.pairs,
  };
}

/** Pairs a bucket accepts that are not anchors: the candidates it costs for nothing. */
function waste(bucket: Bucket): number {
  return rectangle(bucket.first) * rectangle(bucket.second) - bucket.pairs;
}

/**
 * Groups anchor pairs into at most `maxBuckets` buckets, merging greedily the two buckets whose union
 * accepts the fewest pairs that are not anchors (pairs sharing a byte and a nibble merge at no cost).
 */
export function groupAnchors(anchors: readonly [number, number][], maxBuckets = MAX_BUCKETS): Bucket[] {
  if (maxBuckets < 1 || maxBuckets > MAX_BUCKETS) throw new Error(`buckets must be 1 to ${MAX_BUCKETS}`);
  const buckets: Bucket[] = anchors.map(([a, b]) => ({
    first: new Set([a]),
    second: new Set([b]),
    pairs: 1,
  }));
  while (buckets.length > maxBuckets) {
    let best: [number, number, number] = [0, 1, Infinity];
    for (let i = 0; i < buckets.length; i++) {
      for (let j = i + 1; j < buckets.length; j++) {
        const cost = waste(merged(buckets[i]!, buckets[j]!)) - waste(buckets[i]!) - waste(buckets[j]!);
        if (cost < best[2]) best = [i, j, cost];
      }
    }
    const [i, j] = best;
    buckets[i] = merged(buckets[i]!, buckets[j]!);
    buckets.splice(j, 1);
  }
  return buckets;
}

function tablesFor(buckets: readonly Bucket[]): PairTables {
  const tables = new Uint8Array(64);
  buckets.forEach((bucket, k) => {
    const bit = 1 << k;
    for (const byte of bucket.first) {
      tables[byte & 15] = (tables[byte & 15] as number) | bit;
      tables[16 + (byte >> 4)] = (tables[16 + (byte >> 4)] as number) | bit;
    }
    for (const byte of bucket.second) {
      tables[32 + (byte & 15)] = (tables[32 + (byte & 15)] as number) | bit;
      tables[48 + (byte >> 4)] = (tables[48 + (byte >> 4)] as number) | bit;
    }
  });
  return tables;
}

/** The lookup tables of NeedleSet in the form the WebAssembly verifier reads (ids are 1-based). */
export interface NeedleLayout {
  /** Group id per anchor pair (b0 << 8 | b1), 0 for none. */
  pairGroup: Uint8Array;
  /** Needle ids of each group (index = group id), 0-terminated. */
  groups: number[][];
  /** Per needle id − 1: its bytes and the offset of its anchor. */
  needles: { bytes: Uint8Array; anchorAt: number }[];
}

/** The needles, the kernel tables for their anchors, and the lookup from a pair to its needles. */
export class NeedleSet<K> {
  readonly tables: PairTables;
  /** Anchor pair (b0 << 8 | b1) → index in `groups`, or −1. */
  private readonly groupOfPair = new Int16Array(65536).fill(-1);
  private readonly groups: PlacedNeedle<K>[][] = [];
  /** In the order given: id − 1. */
  private readonly placed: PlacedNeedle<K>[] = [];

  constructor(needles: readonly Needle<K>[]) {
    const anchors = new Map<number, [number, number]>();
    for (const needle of needles) {
      const anchorAt = needle.text.indexOf(needle.anchor);
      if (needle.anchor.length !== 2 || anchorAt === -1 || /[^\x20-\x7e]/.test(needle.text)) {
        throw new Error(`needle "${needle.text}": anchor "${needle.anchor}" is not a printable pair in it`);
      }
      const pair = (needle.anchor.charCodeAt(0) << 8) | needle.anchor.charCodeAt(1);
      anchors.set(pair, [needle.anchor.charCodeAt(0), needle.anchor.charCodeAt(1)]);
      let group = this.groupOfPair[pair] as number;
      if (group === -1) {
        group = this.groups.push([]) - 1;
        this.groupOfPair[pair] = group;
      }
      const entry = {
        needle,
        id: this.placed.length + 1,
        bytes: Buffer.from(needle.text, 'latin1'),
        anchorAt,
      };
      this.groups[group]!.push(entry);
      this.placed.push(entry);
    }
    this.tables = tablesFor(groupAnchors([...anchors.values()], KERNEL_BUCKETS));
  }

  /** The needle of a (1-based) id of layout(). */
  needle(id: number): Needle<K> {
    return this.placed[id - 1]!.needle;
  }

  layout(): NeedleLayout {
    const pairGroup = new Uint8Array(65536);
    for (let pair = 0; pair < 65536; pair++) pairGroup[pair] = (this.groupOfPair[pair] as number) + 1;
    return {
      pairGroup,
      groups: [[], ...this.groups.map((group) => group.map((entry) => entry.id))],
      needles: this.placed.map(({ bytes, anchorAt }) => ({ bytes, anchorAt })),
    };
  }

  /** Calls `found` for each needle anchored on the pair at `at` that occurs there in full. */
  forEachMatch(
    region: Buffer,
    at: number,
    found: (needle: Needle<K>, start: number, id: number) => void,
  ): void {
    const group = this.groupOfPair[((region[at] as number) << 8) | (region[at + 1] as number)] as number;
    if (group === -1) return;
    for (const placed of this.groups[group]!) {
      const start = at - placed.anchorAt;
      const bytes = placed.bytes;
      if (start < 0 || start + bytes.length > region.length) continue;
      let i = 0;
      while (i < bytes.length && region[start + i] === bytes[i]) i++;
      if (i === bytes.length) found(placed.needle, start, placed.id);
    }
  }
}
