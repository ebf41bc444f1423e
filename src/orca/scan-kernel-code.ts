import { verifyFunction } from './needle-verify-kernel';
import { I32, V128, moduleBytes, op, wasmApi } from './wasm-module';

/**
 * The code of the scan module, written out instruction by instruction, and its memory layout.
 *
 * scan(start, end, out, outLimit): in one pass over [start, end), every position where two adjacent
 * bytes form one of up to 8 classes of byte pairs ("buckets", the Teddy technique): bucket k holds
 * when lo1[b0 & 15] & hi1[b0 >> 4] & lo2[b1 & 15] & hi2[b1 >> 4] has bit k set (the four 16-byte
 * tables come from needle-set.ts). 64 bytes per iteration; candidate addresses go to `out`, and it
 * stops early (resume address at RESUME_AT) before `outLimit` could be passed.
 * verify(...): see needle-verify-kernel.ts.
 */

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

/** The module of both functions (compiled once per process): scan and verify. */
export function compiledModule(): object {
  compiled ??= new wasmApi.Module(
    moduleBytes([
      {
        exportName: 'scan',
        params: [I32, I32, I32, I32],
        results: [I32],
        locals: [
          [7, V128],
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
