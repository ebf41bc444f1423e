import { open } from 'node:fs/promises';

const TAIL_BYTES = 64 * 1024;
const MEMORY_FAILURE =
  /not enough memory|out of memory|std::bad_alloc|insufficient memory|increase %?maxcore/i;

/** The line of an output's tail that says ORCA ran out of memory, if any. */
export function memoryFailureLine(tail: string): string | undefined {
  return tail
    .split('\n')
    .find((line) => MEMORY_FAILURE.test(line))
    ?.trim();
}

export async function readTail(file: string, bytes = TAIL_BYTES): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(bytes, size);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
