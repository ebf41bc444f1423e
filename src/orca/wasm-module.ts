/**
 * Just enough of the WebAssembly binary format to write one small module by hand: LEB128 numbers,
 * sections, instruction bytes. No toolchain is needed at build or run time.
 */

export function unsignedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

export function signedLeb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Instructions used by the kernel (core opcodes, then 0xfd-prefixed SIMD opcodes). */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...unsignedLeb(depth)],
  brIf: (depth: number) => [0x0d, ...unsignedLeb(depth)],
  return: [0x0f],
  get: (local: number) => [0x20, ...unsignedLeb(local)],
  set: (local: number) => [0x21, ...unsignedLeb(local)],
  tee: (local: number) => [0x22, ...unsignedLeb(local)],
  i32Load: (offset: number) => [0x28, 2, ...unsignedLeb(offset)],
  i32Load8: (offset: number) => [0x2d, 0, ...unsignedLeb(offset)],
  i32Store: (offset: number) => [0x36, 2, ...unsignedLeb(offset)],
  i32Const: (value: number) => [0x41, ...signedLeb(value)],
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32Ne: [0x47],
  i32LtU: [0x49],
  i32GtU: [0x4b],
  i32LeU: [0x4d],
  i32GeU: [0x4f],
  i32Ctz: [0x68],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32And: [0x71],
  i32Or: [0x72],
  i32Shl: [0x74],
  v128Load: (offset: number) => [0xfd, 0x00, 0, ...unsignedLeb(offset)],
  v128Const: (bytes: readonly number[]) => [0xfd, 0x0c, ...bytes],
  i8x16Shuffle: (lanes: readonly number[]) => [0xfd, 0x0d, ...lanes],
  i8x16Swizzle: [0xfd, 0x0e],
  i8x16Splat: [0xfd, 0x0f],
  i8x16Ne: [0xfd, 0x24],
  v128And: [0xfd, 0x4e],
  v128Or: [0xfd, 0x50],
  v128AnyTrue: [0xfd, 0x53],
  i8x16Bitmask: [0xfd, 0x64],
  i16x8ShrU: [0xfd, 0x8d, 0x01],
} as const;

function vector(items: readonly (readonly number[])[]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function section(id: number, content: readonly number[]): number[] {
  return [id, ...unsignedLeb(content.length), ...content];
}

function name(text: string): number[] {
  return vector([...text].map((char) => [char.charCodeAt(0)]));
}

export interface FunctionSpec {
  exportName: string;
  params: number[];
  results: number[];
  /** Local declarations after the parameters: [count, type] groups. */
  locals: [number, number][];
  body: number[];
}

/** A module importing its memory as env.memory and exporting its functions (one type each). */
export function moduleBytes(functions: readonly FunctionSpec[]): Uint8Array {
  const types = functions.map((fn) => [
    0x60,
    ...vector(fn.params.map((t) => [t])),
    ...vector(fn.results.map((t) => [t])),
  ]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...unsignedLeb(1)];
  const bodies = functions.map((fn) => {
    const locals = vector(fn.locals.map(([count, t]) => [...unsignedLeb(count), t]));
    const code = [...locals, ...fn.body, ...op.end];
    return [...unsignedLeb(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(7, vector(functions.map((fn, i) => [...name(fn.exportName), 0x00, ...unsignedLeb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}

/** The parts of the WebAssembly JS API used here (the project's TypeScript lib has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
