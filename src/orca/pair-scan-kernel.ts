import { I32, V128, moduleBytes, op, wasmApi, type WasmMemory } from './wasm-module';

/**
 * A WebAssembly SIMD kernel that finds, in one pass over a chunk, every position where two adjacent
 * bytes form one of up to 8 classes of byte pairs ("buckets", the Teddy technique): bucket k holds
 * when lo1[b0 & 15] & hi1[b0 >> 4] & lo2[b1 & 15] & hi2[b1 >> 4] has bit k set. The four 16-byte
 * tables (`PairTables`) are built by needle-set.ts from the anchors of the needles searched for.
 * It examines 64 bytes per iteration and writes candidate addresses to an output area; everything
 * after (which needle, which line) is done in TypeScript on the few candidates.
 */

/** lo1, hi1, lo2, hi2: 16 bytes each. */
export type PairTables = Uint8Array;

const TABLES_AT = 0;
const RESUME_AT = 64;
const PAD = 128;
/** Chunk size of reads into each of the kernel's two read areas (the byte source's usual chunk). */
export const READ_AREA_BYTES = 2 << 20;
const READ_AT = [128, 128 + READ_AREA_BYTES + PAD];
const READ_END = READ_AT[1]! + READ_AREA_BYTES;
const SCRATCH_BYTES = 1 << 20;
const SCRATCH_AT = READ_END + PAD;
const OUT_CAPACITY = 16_384;
const OUT_AT = SCRATCH_AT + SCRATCH_BYTES + PAD;
const MEMORY_BYTES = OUT_AT + 4 * OUT_CAPACITY;
const BLOCK = 64;

// Locals of scan(start, end, out, outLimit): parameters 0-3, then these.
const P = 0;
const END = 1;
const W = 2;
const W_LIMIT = 3;
const [LO1, HI1, LO2, HI2, NIBBLE, FIRST, SECOND] = [4, 5, 6, 7, 8, 9, 10];
const MASKS = [11, 12, 13, 14];
const BITS = 15;

/** lo[b & 15] & hi[b >> 4] for the 16 bytes b of local `bytes` (16-bit shifts, then masked: cheaper). */
function half(lo: number, hi: number, bytes: number): number[] {
  return [
    ...[...op.get(lo), ...op.get(bytes), ...op.get(NIBBLE), ...op.v128And, ...op.i8x16Swizzle],
    ...[
      ...op.get(hi),
      ...op.get(bytes),
      ...op.i32Const(4),
      ...op.i16x8ShrU,
      ...op.get(NIBBLE),
      ...op.v128And,
    ],
    ...[...op.i8x16Swizzle, ...op.v128And],
  ];
}

function classify(offset: number, mask: number): number[] {
  return [
    ...[...op.get(P), ...op.v128Load(offset), ...op.set(FIRST)],
    ...[...op.get(P), ...op.v128Load(offset + 1), ...op.set(SECOND)],
    ...half(LO1, HI1, FIRST),
    ...half(LO2, HI2, SECOND),
    ...op.v128And,
    ...op.set(mask),
  ];
}

/** Writes the address of every set lane of `mask` (vector `k` of the block) and advances W. */
function drain(k: number, mask: number): number[] {
  return [
    ...[...op.get(mask), ...op.v128AnyTrue, ...op.if],
    ...[...op.get(mask), ...op.v128Const(new Array<number>(16).fill(0)), ...op.i8x16Ne, ...op.i8x16Bitmask],
    ...op.set(BITS),
    ...op.loop,
    ...[...op.get(W), ...op.get(P), ...op.i32Const(16 * k), ...op.i32Add],
    ...[...op.get(BITS), ...op.i32Ctz, ...op.i32Add, ...op.i32Store(0)],
    ...[...op.get(W), ...op.i32Const(4), ...op.i32Add, ...op.set(W)],
    ...[...op.get(BITS), ...op.get(BITS), ...op.i32Const(1), ...op.i32Sub, ...op.i32And, ...op.tee(BITS)],
    ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
}

function kernelBody(): number[] {
  const loadTable = (offset: number, local: number) => [
    ...op.i32Const(TABLES_AT),
    ...op.v128Load(offset),
    ...op.set(local),
  ];
  return [
    ...loadTable(0, LO1),
    ...loadTable(16, HI1),
    ...loadTable(32, LO2),
    ...loadTable(48, HI2),
    ...[...op.i32Const(15), ...op.i8x16Splat, ...op.set(NIBBLE)],
    ...op.block,
    ...op.loop,
    ...[...op.get(P), ...op.get(END), ...op.i32GeU, ...op.brIf(1)],
    ...[...op.get(W), ...op.get(W_LIMIT), ...op.i32GtU, ...op.brIf(1)],
    ...MASKS.flatMap((mask, k) => classify(16 * k, mask)),
    ...[...op.get(MASKS[0]!), ...op.get(MASKS[1]!), ...op.v128Or],
    ...[...op.get(MASKS[2]!), ...op.get(MASKS[3]!), ...op.v128Or, ...op.v128Or],
    ...[...op.v128AnyTrue, ...op.if],
    ...MASKS.flatMap((mask, k) => drain(k, mask)),
    ...op.end,
    ...[...op.get(P), ...op.i32Const(BLOCK), ...op.i32Add, ...op.set(P)],
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...[...op.i32Const(RESUME_AT), ...op.get(P), ...op.i32Store(0)],
    ...op.get(W),
  ];
}

let compiled: object | null = null;

function compiledModule(): object {
  compiled ??= new wasmApi.Module(
    moduleBytes({
      exportName: 'scan',
      params: [I32, I32, I32, I32],
      results: [I32],
      locals: [
        [7, V128],
        [4, V128],
        [1, I32],
      ],
      body: kernelBody(),
    }),
  );
  return compiled;
}

type Scan = (start: number, end: number, out: number, outLimit: number) => number;

/** Finds the candidate pairs of regions; PairScanKernel, or PairScanFallback where WebAssembly is off. */
export interface PairScanner {
  readArea(slot: 0 | 1): Buffer;
  forEachCandidate(region: Buffer, from: number, onCandidate: (at: number) => void): void;
}

/** One kernel instance with its own memory (read area, scratch area, output area). */
export class PairScanKernel implements PairScanner {
  private readonly memory: WasmMemory;
  private readonly bytes: Uint8Array;
  private readonly out: Uint32Array;
  private readonly resume: Uint32Array;
  private readonly scan: Scan;

  constructor(tables: PairTables) {
    if (tables.length !== 64) throw new Error('pair tables must be 64 bytes');
    this.memory = new wasmApi.Memory({
      initial: Math.ceil(MEMORY_BYTES / 65536),
      maximum: Math.ceil(MEMORY_BYTES / 65536),
    });
    this.bytes = new Uint8Array(this.memory.buffer);
    this.bytes.set(tables, TABLES_AT);
    this.out = new Uint32Array(this.memory.buffer, OUT_AT, OUT_CAPACITY);
    this.resume = new Uint32Array(this.memory.buffer, RESUME_AT, 1);
    const instance = new wasmApi.Instance(compiledModule(), { env: { memory: this.memory } });
    this.scan = instance.exports.scan as Scan;
  }

  /**
   * Bytes read into one of these two buffers (then pushed as they are) are scanned without being
   * copied; two, so that the next chunk can be read while the kernel scans the current one.
   */
  readArea(slot: 0 | 1 = 0): Buffer {
    return Buffer.from(this.memory.buffer, READ_AT[slot], READ_AREA_BYTES);
  }

  /**
   * Calls `onCandidate` with the offset (in `region`) of every candidate pair inside
   * [from, region.length), in increasing order. Regions outside the read area are copied in pieces
   * cut after a newline (a needle on a line longer than the scratch area may be missed). The bytes
   * after a region in a read area (up to 64) are read too, and candidates there dropped.
   */
  forEachCandidate(region: Buffer, from: number, onCandidate: (at: number) => void): void {
    if (region.buffer === this.memory.buffer) {
      const base = region.byteOffset;
      if (base >= READ_AT[0]! && base + region.length <= READ_END) {
        this.scanRange(base + from, base + region.length, base, onCandidate);
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
      this.scanRange(SCRATCH_AT, SCRATCH_AT + (end - start), SCRATCH_AT - start, onCandidate);
      start = end;
    }
  }

  /** Candidates at addresses [start, end) reported as address − base. */
  private scanRange(start: number, end: number, base: number, onCandidate: (at: number) => void): void {
    const limit = OUT_AT + 4 * (OUT_CAPACITY - BLOCK);
    let from = start;
    while (from < end) {
      const written = (this.scan(from, end, OUT_AT, limit) - OUT_AT) >> 2;
      // a pair starting on the last byte is not inside the range (a needle is at least two bytes)
      for (let i = 0; i < written; i++) {
        const address = this.out[i] as number;
        if (address < end - 1) onCandidate(address - base);
      }
      from = this.resume[0] as number;
    }
  }
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

/** The same scan in plain TypeScript, byte by byte (several times slower): where WebAssembly is off. */
export class PairScanFallback implements PairScanner {
  private readonly areas: (Buffer | undefined)[] = [undefined, undefined];

  constructor(private readonly tables: PairTables) {}

  readArea(slot: 0 | 1 = 0): Buffer {
    return (this.areas[slot] ??= Buffer.allocUnsafe(READ_AREA_BYTES));
  }

  forEachCandidate(region: Buffer, from: number, onCandidate: (at: number) => void): void {
    const t = this.tables;
    for (let i = from; i < region.length - 1; i++) {
      const a = region[i] as number;
      const first = (t[a & 15] as number) & (t[16 + (a >> 4)] as number);
      if (first === 0) continue;
      const b = region[i + 1] as number;
      if ((first & (t[32 + (b & 15)] as number) & (t[48 + (b >> 4)] as number)) !== 0) onCandidate(i);
    }
  }
}
