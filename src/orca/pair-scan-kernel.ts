import { KERNEL_BUCKETS, type NeedleSet } from './needle-set';
import { GROUP_SLOTS, MATCH_ENTRY_BYTES, NEEDLE_ENTRY_BYTES } from './needle-verify-kernel';
import {
  compiledModule,
  GROUPS_AT,
  MATCHES_AT,
  MEMORY_BYTES,
  NEEDLES_AT,
  OUT_AT,
  OUT_CAPACITY,
  PAIR_GROUP_AT,
  READ_AREA_BYTES,
  READ_AT,
  READ_END,
  RESUME_AT,
  SCRATCH_AT,
  SCRATCH_BYTES,
  TABLES_AT,
  TEXTS_AT,
  TEXTS_BYTES,
  VERIFY_BATCH,
  BLOCK,
} from './scan-kernel-code';
import { wasmApi, type WasmMemory } from './wasm-module';

export { READ_AREA_BYTES } from './scan-kernel-code';

export type { PairTables } from './needle-set';

/** A needle found: its line [lineStart, lineEnd) and its start, in the region; id as in NeedleSet. */
export type OnNeedle = (lineStart: number, lineEnd: number, needleStart: number, needleId: number) => void;

/** Finds needles in regions: PairScanKernel, or PairScanFallback where WebAssembly is off. */
export interface PairScanner {
  readArea(slot: 0 | 1): Buffer;
  /** Every needle in region[from, …), in the order of the candidate pairs that anchor them. */
  forEachNeedle(region: Buffer, from: number, onNeedle: OnNeedle): void;
  /** The candidate pairs alone (tests). */
  forEachCandidate(region: Buffer, from: number, onCandidate: (at: number) => void): void;
}

type Scan = (start: number, end: number, out: number, outLimit: number) => number;
type Range = (start: number, end: number, base: number, lower: number) => void;
type Verify = (
  candidates: number,
  count: number,
  regionStart: number,
  regionEnd: number,
  out: number,
) => number;

/**
 * The WebAssembly kernel with its own memory (two read areas, a scratch area, candidate and match
 * areas, the needles' tables): SIMD scan for anchor pairs, then needle comparison and line bounds,
 * so that TypeScript sees only the needles found.
 */
export class PairScanKernel implements PairScanner {
  private readonly memory: WasmMemory;
  private readonly bytes: Uint8Array;
  private readonly words: Uint32Array;
  private readonly scan: Scan;
  private readonly verify: Verify;

  constructor(needles: NeedleSet<unknown>) {
    const pages = Math.ceil(MEMORY_BYTES / 65536);
    this.memory = new wasmApi.Memory({ initial: pages, maximum: pages });
    this.bytes = new Uint8Array(this.memory.buffer);
    this.words = new Uint32Array(this.memory.buffer);
    this.writeTables(needles);
    const instance = new wasmApi.Instance(compiledModule(), { env: { memory: this.memory } });
    this.scan = instance.exports.scan as Scan;
    this.verify = instance.exports.verify as Verify;
  }

  /**
   * Bytes read into one of these two buffers (then pushed as they are) are scanned without being
   * copied; two, so that the next chunk can be read while the kernel scans the current one.
   */
  readArea(slot: 0 | 1 = 0): Buffer {
    return Buffer.from(this.memory.buffer, READ_AT[slot], READ_AREA_BYTES);
  }

  forEachNeedle(region: Buffer, from: number, onNeedle: OnNeedle): void {
    this.forEachRange(region, from, (start, end, base, lower) => {
      this.scanRange(start, end, (candidates, count) => {
        for (let b = 0; b < count; b += VERIFY_BATCH) {
          const n = this.verify(
            candidates + 4 * b,
            Math.min(VERIFY_BATCH, count - b),
            lower,
            end,
            MATCHES_AT,
          );
          for (let i = 0, w = MATCHES_AT >> 2; i < n; i++, w += MATCH_ENTRY_BYTES >> 2) {
            const words = this.words;
            onNeedle(words[w]! - base, words[w + 1]! - base, words[w + 2]! - base, words[w + 3]!);
          }
        }
      });
    });
  }

  forEachCandidate(region: Buffer, from: number, onCandidate: (at: number) => void): void {
    this.forEachRange(region, from, (start, end, base) => {
      this.scanRange(start, end, (candidates, count) => {
        // a pair starting on the last byte is not inside the range
        for (let i = 0; i < count; i++) {
          const address = this.words[(candidates >> 2) + i]!;
          if (address < end - 1) onCandidate(address - base);
        }
      });
    });
  }

  /**
   * The addresses of region[from, …) in this memory: in place in a read area, else copied to the
   * scratch area in pieces cut after a newline (a needle on a line longer than the scratch area may
   * be missed). `base` maps addresses back to region offsets; `lower` is the address of the first
   * byte of the region (or piece), where lines stop.
   */
  private forEachRange(region: Buffer, from: number, use: Range): void {
    if (region.buffer === this.memory.buffer) {
      const base = region.byteOffset;
      if (base >= READ_AT[0]! && base + region.length <= READ_END) {
        use(base + from, base + region.length, base, base);
        return;
      }
    }
    let start = from;
    while (start < region.length) {
      let end = Math.min(region.length, start + SCRATCH_BYTES);
      if (end < region.length) {
        const newline = region.lastIndexOf(0x0a, end - 1);
        if (newline >= start) end = newline + 1;
      }
      this.bytes.set(region.subarray(start, end), SCRATCH_AT);
      use(SCRATCH_AT, SCRATCH_AT + (end - start), SCRATCH_AT - start, SCRATCH_AT);
      start = end;
    }
  }

  /** The candidates of [start, end), batch by batch (address of the first, count). */
  private scanRange(start: number, end: number, batch: (candidates: number, count: number) => void): void {
    const limit = OUT_AT + 4 * (OUT_CAPACITY - BLOCK);
    let from = start;
    while (from < end) {
      const written = (this.scan(from, end, OUT_AT, limit) - OUT_AT) >> 2;
      batch(OUT_AT, written);
      from = this.words[RESUME_AT >> 2]!;
    }
  }

  private writeTables(needles: NeedleSet<unknown>): void {
    const layout = needles.layout();
    this.bytes.set(packedTables(needles.tables), TABLES_AT);
    this.bytes.set(layout.pairGroup, PAIR_GROUP_AT);
    layout.groups.forEach((ids, group) => {
      if (ids.length >= GROUP_SLOTS) throw new Error(`more than ${GROUP_SLOTS - 1} needles share an anchor`);
      this.bytes.set(ids, GROUPS_AT + GROUP_SLOTS * group);
    });
    let text = TEXTS_AT;
    layout.needles.forEach(({ bytes, anchorAt }, i) => {
      if (text + bytes.length > TEXTS_AT + TEXTS_BYTES) throw new Error('needle texts too long');
      this.bytes.set(bytes, text);
      const entry = (NEEDLES_AT + NEEDLE_ENTRY_BYTES * (i + 1)) >> 2;
      this.words.set([text, bytes.length, anchorAt, 0], entry);
      text += bytes.length;
    });
  }
}

/** lo1 | lo2 << 4 and hi1 | hi2 << 4: a byte's classes as first and as second byte, in one lookup. */
function packedTables(tables: Uint8Array): Uint8Array {
  const packed = new Uint8Array(32);
  for (let i = 0; i < 64; i++) {
    if ((tables[i] as number) > 15) throw new Error(`the kernel has only ${KERNEL_BUCKETS} buckets`);
  }
  for (let nibble = 0; nibble < 16; nibble++) {
    packed[nibble] = (tables[nibble] as number) | ((tables[32 + nibble] as number) << 4);
    packed[16 + nibble] = (tables[16 + nibble] as number) | ((tables[48 + nibble] as number) << 4);
  }
  return packed;
}

/** WebAssembly with SIMD can run here (not under --jitless, for instance). */
export function simdAvailable(): boolean {
  try {
    compiledModule();
    return true;
  } catch {
    return false;
  }
}

/** The same search in plain TypeScript, byte by byte (several times slower): where WebAssembly is off. */
export class PairScanFallback implements PairScanner {
  private readonly areas: (Buffer | undefined)[] = [undefined, undefined];

  constructor(private readonly needles: NeedleSet<unknown>) {}

  readArea(slot: 0 | 1 = 0): Buffer {
    return (this.areas[slot] ??= Buffer.allocUnsafe(READ_AREA_BYTES));
  }

  forEachNeedle(region: Buffer, from: number, onNeedle: OnNeedle): void {
    this.forEachCandidate(region, from, (at) => {
      this.needles.forEachMatch(region, at, (needle, start, id) => {
        const lineStart = start === 0 ? 0 : region.lastIndexOf(0x0a, start - 1) + 1;
        const newline = region.indexOf(0x0a, start + needle.text.length);
        onNeedle(lineStart, newline === -1 ? region.length : newline, start, id);
      });
    });
  }

  forEachCandidate(region: Buffer, from: number, onCandidate: (at: number) => void): void {
    const t = this.needles.tables;
    for (let i = from; i < region.length - 1; i++) {
      const a = region[i] as number;
      const first = (t[a & 15] as number) & (t[16 + (a >> 4)] as number);
      if (first === 0) continue;
      const b = region[i + 1] as number;
      if ((first & (t[32 + (b & 15)] as number) & (t[48 + (b >> 4)] as number)) !== 0) onCandidate(i);
    }
  }
}
