import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const READ_CHUNK_BYTES = 2 << 20;
const GUNZIP_CHUNK_BYTES = 1 << 18;

export function isGzipMagic(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function fileStartsWithGzipMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return isGzipMagic(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Where the next chunk is read: buffer 0 or 1 (two, so that one is read while the other is used). */
export type ReadInto = (slot: 0 | 1) => Buffer | undefined;

/**
 * The bytes of a file, decompressed when it is gzip (recognised by its magic bytes, whatever the
 * name; a `.gz` name without gzip data is an error). A yielded buffer may be reused once the consumer
 * resumes the generator. Errors (missing file, corrupt or truncated gzip) are thrown from the
 * iteration; callers turn them into verdicts. `readInto` lets the consumer supply the buffers (the
 * output scanner reads into the memory its kernel scans, saving a copy).
 */
export async function* readFileBytes(
  path: string,
  options: { readInto?: ReadInto } = {},
): AsyncGenerator<Buffer> {
  if (await fileStartsWithGzipMagic(path)) {
    yield* readGzipFile(path);
    return;
  }
  // a .gz is written in one go once the job is over (quacc), so one that is not gzip data is damaged
  if (/\.gz$/i.test(path)) throw new Error('not gzip data (no gzip header)');
  yield* readPlainFile(path, options.readInto);
}

/**
 * Double-buffered: the next chunk is read (by libuv's thread pool) while the consumer works on the
 * current one, so reading from the page cache and parsing overlap instead of adding up.
 */
async function* readPlainFile(path: string, readInto: ReadInto | undefined): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const own: (Buffer | undefined)[] = [undefined, undefined];
  const bufferFor = (slot: 0 | 1): Buffer =>
    readInto?.(slot) ?? (own[slot] ??= Buffer.allocUnsafe(READ_CHUNK_BYTES));
  let position = 0;
  const readNext = (buffer: Buffer): Promise<number> =>
    handle.read(buffer, 0, buffer.length, position).then(({ bytesRead }) => {
      position += bytesRead;
      return bytesRead;
    });
  let slot: 0 | 1 = 0;
  let buffer = bufferFor(slot);
  let pending = readNext(buffer);
  try {
    for (;;) {
      const bytesRead = await pending;
      if (bytesRead === 0) return;
      const current = buffer;
      slot = slot === 0 ? 1 : 0;
      buffer = bufferFor(slot);
      pending = readNext(buffer);
      yield current.subarray(0, bytesRead);
    }
  } finally {
    // a read still in flight must finish before the handle closes (and its buffer is reused)
    await pending.catch(() => 0);
    await handle.close();
  }
}

async function* readGzipFile(path: string): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  // pipe() does not forward errors: a read error must still end the iteration below
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
}
