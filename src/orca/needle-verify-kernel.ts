import { I32, op } from './wasm-module';

/**
 * The second function of the scan module: for each candidate pair, the needles anchored on it are
 * compared byte by byte, and for each one found, its line's bounds are written out:
 * [lineStart, lineEnd, needleStart, needle id] (addresses, u32 each). So TypeScript receives only
 * the marker lines, a handful per optimization cycle.
 *
 * Tables (written by the kernel from NeedleSet.layout()): a group id (1-based, 0 = none) per byte
 * pair, up to GROUP_SLOTS needle ids (1-based, 0-terminated) per group, and per needle id 16 bytes:
 * [text address, length, anchor offset, unused].
 */
export const GROUP_SLOTS = 8;
export const NEEDLE_ENTRY_BYTES = 16;
export const MATCH_ENTRY_BYTES = 16;

export interface VerifyLayout {
  pairGroupAt: number;
  groupsAt: number;
  needlesAt: number;
}

// verify(candidates, count, regionStart, regionEnd, out) -> matches
const [CANDIDATES, COUNT, REGION_START, REGION_END, OUT] = [0, 1, 2, 3, 4];
const [I, A, G, SLOT, ID, ENTRY, S, LEN, K, TEXT, N, LS, LE] = [
  5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
];

const get = op.get;
const set = op.set;
const add = (local: number, value: number) => [
  ...get(local),
  ...op.i32Const(value),
  ...op.i32Add,
  ...set(local),
];
const sub1 = (local: number) => [...get(local), ...op.i32Const(1), ...op.i32Sub, ...set(local)];
const byteAt = (address: number[]) => [...address, ...op.i32Load8(0)];

/** Bytes of the needle at S equal those of its text: leaves K = LEN on success. */
function compare(): number[] {
  return [
    ...[...op.i32Const(0), ...set(K)],
    ...op.block,
    ...op.loop,
    ...[...get(K), ...get(LEN), ...op.i32GeU, ...op.brIf(1)],
    ...byteAt([...get(S), ...get(K), ...op.i32Add]),
    ...byteAt([...get(TEXT), ...get(K), ...op.i32Add]),
    ...[...op.i32Ne, ...op.brIf(1)],
    ...add(K, 1),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** LS back to the start of the needle's line, LE on to its end (the newline, or the region's end). */
function lineBounds(): number[] {
  return [
    ...[...get(S), ...set(LS)],
    ...op.block,
    ...op.loop,
    ...[...get(LS), ...get(REGION_START), ...op.i32LeU, ...op.brIf(1)],
    ...byteAt([...get(LS), ...op.i32Const(1), ...op.i32Sub]),
    ...[...op.i32Const(0x0a), ...op.i32Eq, ...op.brIf(1)],
    ...sub1(LS),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...[...get(S), ...get(LEN), ...op.i32Add, ...set(LE)],
    ...op.block,
    ...op.loop,
    ...[...get(LE), ...get(REGION_END), ...op.i32GeU, ...op.brIf(1)],
    ...byteAt(get(LE)),
    ...[...op.i32Const(0x0a), ...op.i32Eq, ...op.brIf(1)],
    ...add(LE, 1),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

function writeMatch(): number[] {
  const field = (offset: number, local: number) => [
    ...get(OUT),
    ...get(N),
    ...op.i32Const(4),
    ...op.i32Shl, // N × 16
    ...op.i32Add,
    ...get(local),
    ...op.i32Store(offset),
  ];
  return [...field(0, LS), ...field(4, LE), ...field(8, S), ...field(12, ID), ...add(N, 1)];
}

/** Every needle of group G tried at candidate A. */
function tryGroup(layout: VerifyLayout): number[] {
  return [
    ...[...op.i32Const(0), ...set(SLOT)],
    ...op.block,
    ...op.loop,
    ...[...get(SLOT), ...op.i32Const(GROUP_SLOTS), ...op.i32GeU, ...op.brIf(1)],
    ...byteAt([
      ...get(G),
      ...op.i32Const(3),
      ...op.i32Shl,
      ...get(SLOT),
      ...op.i32Add,
      ...op.i32Const(layout.groupsAt),
      ...op.i32Add,
    ]),
    ...[...op.tee(ID), ...op.i32Eqz, ...op.brIf(1)],
    ...add(SLOT, 1),
    ...[
      ...get(ID),
      ...op.i32Const(4),
      ...op.i32Shl,
      ...op.i32Const(layout.needlesAt),
      ...op.i32Add,
      ...set(ENTRY),
    ],
    ...[...get(ENTRY), ...op.i32Load(4), ...set(LEN)],
    ...[...get(ENTRY), ...op.i32Load(0), ...set(TEXT)],
    // the needle starts at A − anchor, inside the region, and ends inside it too
    ...[
      ...get(A),
      ...get(REGION_START),
      ...op.i32Sub,
      ...get(ENTRY),
      ...op.i32Load(8),
      ...op.i32LtU,
      ...op.brIf(0),
    ],
    ...[...get(A), ...get(ENTRY), ...op.i32Load(8), ...op.i32Sub, ...set(S)],
    ...[...get(S), ...get(LEN), ...op.i32Add, ...get(REGION_END), ...op.i32GtU, ...op.brIf(0)],
    ...compare(),
    ...[...get(K), ...get(LEN), ...op.i32Eq, ...op.if],
    ...lineBounds(),
    ...writeMatch(),
    ...op.end,
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

export function verifyFunction(layout: VerifyLayout) {
  return {
    exportName: 'verify',
    params: [I32, I32, I32, I32, I32],
    results: [I32],
    locals: [[13, I32]] as [number, number][],
    body: [
      ...[...op.i32Const(0), ...set(I), ...op.i32Const(0), ...set(N)],
      ...op.block,
      ...op.loop,
      ...[...get(I), ...get(COUNT), ...op.i32GeU, ...op.brIf(1)],
      ...[
        ...get(CANDIDATES),
        ...get(I),
        ...op.i32Const(2),
        ...op.i32Shl,
        ...op.i32Add,
        ...op.i32Load(0),
        ...set(A),
      ],
      ...add(I, 1),
      ...byteAt([
        ...byteAt(get(A)),
        ...op.i32Const(8),
        ...op.i32Shl,
        ...byteAt([...get(A), ...op.i32Const(1), ...op.i32Add]),
        ...op.i32Or,
        ...op.i32Const(layout.pairGroupAt),
        ...op.i32Add,
      ]),
      ...[...op.tee(G), ...op.i32Eqz, ...op.brIf(0)],
      ...tryGroup(layout),
      ...op.br(0),
      ...op.end,
      ...op.end,
      ...get(N),
    ],
  };
}
