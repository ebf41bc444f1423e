import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

const READ_CHUNK_BYTES = 2 << 20;
const GUNZIP_CHUNK_BYTES = 1 << 18;
const EVENT_LOOP_TURN_BYTES = 64 << 20;

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

/**
 * The bytes of a file, decompressed when it is gzip (recognised by its magic bytes, whatever the
 * name; a `.gz` name without gzip data is an error). Yielded buffers may be reused after the consumer resumes the generator. Errors (missing
 * file, corrupt or truncated gzip) are thrown from the iteration; callers turn them into verdicts.
 */
export async function* readFileBytes(
  path: string,
  options: { readInto?: () => Buffer | undefined } = {},
): AsyncGenerator<Buffer> {
  if (await fileStartsWithGzipMagic(path)) {
    yield* readGzipFile(path);
    return;
  }
  // a .gz is written in one go once the job is over (quacc), so one that is not gzip data is damaged
  if (/\.gz$/i.test(path)) throw new Error('not gzip data (no gzip header)');
  // Synchronous 2 MiB reads from the page cache (~0.1 ms) cost less than a thread-pool round trip per
  // chunk; the event loop gets a turn every EVENT_LOOP_TURN_BYTES so heartbeats and timers still run.
  // `readInto` lets the consumer supply the buffer of the next read (the output scanner reads into the
  // memory its kernel scans, saving a copy); its buffer is used from the moment it offers one.
  const fd = openSync(path, 'r');
  try {
    let own: Buffer | undefined;
    let sinceTurn = 0;
    for (;;) {
      const buffer = options.readInto?.() ?? (own ??= Buffer.allocUnsafe(READ_CHUNK_BYTES));
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
      sinceTurn += bytesRead;
      if (sinceTurn >= EVENT_LOOP_TURN_BYTES) {
        sinceTurn = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    closeSync(fd);
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
