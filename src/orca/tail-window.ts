// "ORCA finished by error termination" and "aborting the run" are the last words of a run, so they
// are looked for in the tail only (any byte probe for them would be common, e.g. 'b'); the window is
// wide enough for the MPI and batch-system noise that may follow them.
const TAIL_BYTES = 256 * 1024;
/** Enough for the few lines looked back at (a gradient summary). */
const LAST_LINES_BYTES = 4096;

/** The last TAIL_BYTES of a stream, kept in one fixed ring buffer (each byte is copied once). */
export class TailWindow {
  private readonly ring = Buffer.alloc(TAIL_BYTES);
  /** Where the next byte goes. */
  private end = 0;
  private length = 0;
  /** Bytes were dropped: the window starts in the middle of the stream (likely mid-line). */
  private truncated = false;

  remember(region: Buffer): void {
    const n = region.length;
    if (n >= TAIL_BYTES) {
      region.copy(this.ring, 0, n - TAIL_BYTES);
      this.truncated = this.truncated || n > TAIL_BYTES || this.length > 0;
      this.end = 0;
      this.length = TAIL_BYTES;
      return;
    }
    const first = Math.min(n, TAIL_BYTES - this.end);
    region.copy(this.ring, this.end, 0, first);
    if (first < n) region.copy(this.ring, 0, first, n);
    this.end = (this.end + n) % TAIL_BYTES;
    if (this.length + n > TAIL_BYTES) this.truncated = true;
    this.length = Math.min(TAIL_BYTES, this.length + n);
  }

  /** The kept bytes as text, without the partial first line when the window has cut one. */
  text(): string {
    const text = this.last(this.length).toString('latin1');
    return this.truncated ? text.slice(text.indexOf('\n') + 1) : text;
  }

  /** The last `count` complete lines kept (fewer if the window holds fewer). */
  lastLines(count: number): string[] {
    const n = Math.min(this.length, LAST_LINES_BYTES);
    const lines = this.last(n).toString('latin1').split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (n < this.length || this.truncated) lines.shift();
    return lines.slice(-count);
  }

  /** The last `n` kept bytes, in order. */
  private last(n: number): Buffer {
    const start = (this.end - n + TAIL_BYTES) % TAIL_BYTES;
    if (n === 0) return Buffer.alloc(0);
    if (start < this.end) return this.ring.subarray(start, this.end);
    return Buffer.concat([this.ring.subarray(start), this.ring.subarray(0, this.end)]);
  }
}
