import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';

const CHUNK_CHARS = 64 * 1024;
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * `COPY … FROM STDIN` on a client, fed text in chunks. One chunk goes out at a time, paced by the
 * socket, so memory stays at a chunk while Postgres works on what it has. Once Postgres has refused
 * the COPY nothing more is written: pg-copy-streams has no connection left to write to then.
 */
export class CopyIn {
  private chunk = '';
  private failure: unknown;
  private ended = false;
  private readonly failed: Promise<never>;
  private readonly stream: CopyStreamQuery;

  constructor(client: PoolClient, statement: string) {
    this.stream = client.query(copyFrom(statement));
    this.failed = new Promise<never>((_, reject) =>
      this.stream.once('error', (error) => {
        this.failure = error;
        reject(error);
      }),
    );
    this.failed.catch(() => undefined); // read through `refused` and `end`
  }

  /** Postgres refused the COPY: `end` throws why, and text appended meanwhile is dropped. */
  get refused(): boolean {
    return this.failure !== undefined;
  }

  /** Queues rows of COPY text; when a chunk went out, returns what to await before the next rows. */
  append(text: string): Promise<void> | undefined {
    if (this.refused) return undefined;
    this.chunk += text;
    return this.chunk.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  /** Sends what is queued and waits for Postgres to finish the COPY; throws its error if it refused. */
  async end(): Promise<void> {
    await this.flush();
    if (this.refused) throw this.failure;
    this.ended = true;
    this.stream.end();
    await Promise.race([once(this.stream, 'finish'), this.failed]);
  }

  /** Cancels a COPY still open (CopyFail), so that the connection can run other statements. */
  async abort(): Promise<void> {
    if (this.refused || this.ended) return;
    this.ended = true;
    // Postgres answers CopyFail with an error (kept as `failure`), which ends the wait as well
    const closed = once(this.stream, 'close').catch(() => undefined);
    this.stream.destroy();
    await closed;
  }

  private async flush(): Promise<void> {
    if (this.refused || this.chunk === '') return;
    // ASCII text is its own UTF-8: latin1 copies it as is, several times faster than encoding
    const bytes = Buffer.from(this.chunk, NON_ASCII.test(this.chunk) ? 'utf8' : 'latin1');
    const written = new Promise<void>((resolve) => this.stream.write(bytes, () => resolve()));
    this.chunk = '';
    await Promise.race([written, this.failed]).catch(() => undefined); // a refusal is for `end`
  }
}
