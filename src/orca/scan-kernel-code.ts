import { verifyFunction } from './needle-verify-kernel';
import { I32, V128, moduleBytes, op, wasmApi } from './wasm-module';

/**
 * The code of the scan module, written out instruction by instruction, and its memory layout.
 *
 * scan(start, end, out, outLimit): in one pass over [start, end), every position where two adjacent
 * bytes form one of up to 4 classes of byte pairs ("buckets", the Teddy technique): bucket k holds
 * when lo1[b0 & 15] & hi1[b0 >> 4] & lo2[b1 & 15] & hi2[b1 >> 4] has bit k set (the four 16-byte
 * tables come from needle-set.ts). With 4 buckets, a byte's classes as first byte (bits 0-3) and as
 * second byte (bits 4-7) come from one pair of packed tables, lo1 | lo2 << 4 and hi1 | hi2 << 4: two
 * lookups per byte. A pair starting at i holds when the first-byte classes of byte i meet the
 * second-byte classes of byte i + 1, the former shifted in from the vector before (carried from one
 * vector to the next). 64 bytes per iteration; candidate addresses go to `out`, and it stops early
 * (resume address at RESUME_AT) before `outLimit` could be passed.
 * verify(...): see needle-verify-kernel.ts.
 */

/** lo1 | lo2 << 4, then hi1 | hi2 << 4 (16 bytes each). */
export const TABLES_AT = 0;
export const RESUME_AT = 64;
const PAD = 128;
/** Chunk size of reads into each of the kernel's two read areas (the byte source's usual chunk). */
export const READ_AREA_BYTES = 2 << 20;
export const READ_AT = [128, 128 + READ_AREA_BYTES + PAD];
export const READ_END = READ_AT[1]! + READ_AREA_BYTES;
export const SCRATCH_BYTES = 1 << 20;
export const SCRATCH_AT = READ_END + PAD;
export const OUT_CAPACITY = 16_384;
export const OUT_AT = SCRATCH_AT + SCRATCH_BYTES + PAD;
/** verify() reads candidates in batches of this many; each may match every needle of its group. */
export const VERIFY_BATCH = 2048;
export const MATCHES_AT = OUT_AT + 4 * OUT_CAPACITY;
const MATCH_CAPACITY = VERIFY_BATCH * 8;
export const PAIR_GROUP_AT = MATCHES_AT + 16 * MATCH_CAPACITY;
export const GROUPS_AT = PAIR_GROUP_AT + 65536;
export const NEEDLES_AT = GROUPS_AT + 256 * 8;
export const TEXTS_AT = NEEDLES_AT + 256 * 16;
export const TEXTS_BYTES = 8192;
export const MEMORY_BYTES = TEXTS_AT + TEXTS_BYTES;
export const BLOCK = 64;

// Locals of scan(start, end, out, outLimit): parameters 0-3, then these.
const P = 0;
const END = 1;
const W = 2;
const W_LIMIT = 3;
const [TABLE_LO, TABLE_HI, NIBBLE, BYTES, CLASSES, PREVIOUS] = [4, 5, 6, 7, 8, 9];
const MASKS = [10, 11, 12, 13];
const BITS = 14;

/** Lanes 15-30 of (a, b): b shifted by one byte, a's last byte first. */
const AFTER_PREVIOUS_BYTE = Array.from({ length: 16 }, (_, i) => 15 + i);

/** The 16 bytes at P + offset: their classes, then the pairs that end on them in mask local `mask`. */
function classify(offset: number, mask: number): number[] {
  return [
    ...[...op.get(P), ...op.v128Load(offset), ...op.set(BYTES)],
    ...[...op.get(TABLE_LO), ...op.get(BYTES), ...op.get(NIBBLE), ...op.v128And, ...op.i8x16Swizzle],
    ...[...op.get(TABLE_HI), ...op.get(BYTES), ...op.i32Const(4), ...op.i16x8ShrU],
    ...[...op.get(NIBBLE), ...op.v128And, ...op.i8x16Swizzle, ...op.v128And, ...op.set(CLASSES)],
    // lane i: first-byte classes of the byte before it & its own second-byte classes (moved down)
    ...[...op.get(PREVIOUS), ...op.get(CLASSES), ...op.i8x16Shuffle(AFTER_PREVIOUS_BYTE)],
    ...[...op.get(CLASSES), ...op.i32Const(4), ...op.i16x8ShrU, ...op.get(NIBBLE), ...op.v128And],
    ...[...op.v128And, ...op.set(mask)],
    ...[...op.get(CLASSES), ...op.set(PREVIOUS)],
  ];
}

/** Writes the address of every pair of `mask` (vector `k` of the block; lane i: pair at i − 1). */
function drain(k: number, mask: number): number[] {
  return [
    ...[...op.get(mask), ...op.v128AnyTrue, ...op.if],
    ...[...op.get(mask), ...op.v128Const(new Array<number>(16).fill(0)), ...op.i8x16Ne, ...op.i8x16Bitmask],
    ...op.set(BITS),
    ...op.loop,
    ...[...op.get(W), ...op.get(P), ...op.i32Const(16 * k - 1), ...op.i32Add],
    ...[...op.get(BITS), ...op.i32Ctz, ...op.i32Add, ...op.i32Store(0)],
    ...[...op.get(W), ...op.i32Const(4), ...op.i32Add, ...op.set(W)],
    ...[...op.get(BITS), ...op.get(BITS), ...op.i32Const(1), ...op.i32Sub, ...op.i32And, ...op.tee(BITS)],
    ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
}

/**
 * The pair starting right before `start` is not looked at (the carried classes start at zero). When
 * the output area is full, the scan resumes one byte back, so that the pair across the stop is seen.
 */
function kernelBody(): number[] {
  const resumeAt = (address: number[]) => [...op.i32Const(RESUME_AT), ...address, ...op.i32Store(0)];
  return [
    ...[...op.i32Const(TABLES_AT), ...op.v128Load(0), ...op.set(TABLE_LO)],
    ...[...op.i32Const(TABLES_AT), ...op.v128Load(16), ...op.set(TABLE_HI)],
    ...[...op.i32Const(15), ...op.i8x16Splat, ...op.set(NIBBLE)],
    ...op.block, // scanned to the end
    ...op.block, // output area full
    ...op.loop,
    ...[...op.get(P), ...op.get(END), ...op.i32GeU, ...op.brIf(2)],
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
    ...resumeAt([...op.get(P), ...op.i32Const(1), ...op.i32Sub]),
    ...op.get(W),
    ...op.return,
    ...op.end,
    ...resumeAt(op.get(P)),
    ...op.get(W),
  ];
}

let compiled: object | null = null;

/** The module of both functions (compiled once per process): scan and verify. */
export function compiledModule(): object {
  compiled ??= new wasmApi.Module(
    moduleBytes([
      {
        exportName: 'scan',
        params: [I32, I32, I32, I32],
        results: [I32],
        locals: [
          [6, V128],
          [4, V128],
          [1, I32],
        ],
        body: kernelBody(),
      },
      verifyFunction({ pairGroupAt: PAIR_GROUP_AT, groupsAt: GROUPS_AT, needlesAt: NEEDLES_AT }),
    ]),
  );
  return compiled;
}
