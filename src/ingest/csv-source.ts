import { createHash, type Hash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { readCsvRecords } from './csv-records';

// a chunk's rows are checked before the next is read: small chunks keep them young for the GC
const CHUNK_BYTES = 64 * 1024;

/** Why a CSV cannot be read. `permanent`: retrying cannot help (missing, a directory, no permission). */
export class CsvSourceError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CsvSourceError';
  }
}

const PERMANENT_PROBLEMS: Record<string, string> = {
  ENOENT: 'it does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied (the worker may not read it)',
  EPERM: 'permission denied (the worker may not read it)',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EISDIR: 'it is a directory, not a regular file',
  ENXIO: 'it is a socket or a device, not a regular file',
  ERR_INVALID_ARG_VALUE: 'the path contains a NUL byte',
};

/** A CSV opened for ingest: checked to be a regular file, then read from its start as often as needed. */
export class CsvSource {
  private constructor(
    readonly path: string,
    readonly bytes: number,
    private readonly handle: FileHandle,
  ) {}

  static async open(csvPath: string): Promise<CsvSource> {
    let handle: FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below
      handle = await open(csvPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch (error) {
      throw sourceError(csvPath, error);
    }
    const stats = await handle.stat().catch(async (error: unknown) => {
      await handle.close().catch(() => undefined);
      throw sourceError(csvPath, error);
    });
    if (!stats.isFile()) {
      await handle.close().catch(() => undefined);
      throw new CsvSourceError(
        `${describePath(csvPath)}: it is ${fileKind(stats)}, not a regular file`,
        true,
      );
    }
    return new CsvSource(csvPath, stats.size, handle);
  }

  /** The file's bytes from its start, one chunk at a time, each also fed to `hash` if given. */
  async *chunks(hash?: Hash): AsyncGenerator<Buffer> {
    let position = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.handle.read(buffer, 0, CHUNK_BYTES, position));
      } catch (error) {
        throw sourceError(this.path, error);
      }
      if (bytesRead === 0) return;
      position += bytesRead;
      const chunk = buffer.subarray(0, bytesRead);
      hash?.update(chunk);
      yield chunk;
    }
  }

  async sha256(): Promise<string> {
    const hash = createHash('sha256');
    for await (const _chunk of this.chunks(hash)) {
      // reading is hashing
    }
    return hash.digest('hex');
  }

  /** Data records after the header, for messages; undefined when the file does not read as CSV. */
  async countRows(): Promise<number | undefined> {
    let records = 0;
    try {
      for await (const _record of readCsvRecords(this.chunks())) records++;
    } catch {
      return undefined;
    }
    return Math.max(0, records - 1);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** `CSV "data/x.csv" (/work/data/x.csv) on host node17`: relative to the reading process. */
export function describePath(csvPath: string): string {
  const absolute = path.isAbsolute(csvPath) ? '' : ` (${path.resolve(csvPath)})`;
  return `CSV ${JSON.stringify(csvPath)}${absolute} on host ${hostname()}`;
}

function sourceError(csvPath: string, error: unknown): CsvSourceError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const problem = PERMANENT_PROBLEMS[code];
  if (problem) return new CsvSourceError(`${describePath(csvPath)}: ${problem}`, true, { cause: error });
  return new CsvSourceError(`${describePath(csvPath)}: ${(error as Error).message}`, false, { cause: error });
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a file';
}
