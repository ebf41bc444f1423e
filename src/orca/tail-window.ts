// "ORCA finished by error termination" and "aborting the run" are the last words of a run, so they
// are looked for in the tail only (any byte probe for them would be common, e.g. 'b'); the window is
// wide enough for the MPI and batch-system noise that may follow them.
const TAIL_BYTES = 256 * 1024;

/** The last TAIL_BYTES of a stream, kept in one fixed buffer. */
export class TailWindow {
  private readonly tail = Buffer.alloc(TAIL_BYTES);
  private tailLength = 0;
  private truncated = false;

  remember(region: Buffer): void {
    if (region.length >= TAIL_BYTES) {
      region.copy(this.tail, 0, region.length - TAIL_BYTES);
      this.truncated = this.truncated || region.length > TAIL_BYTES || this.tailLength > 0;
      this.tailLength = TAIL_BYTES;
      return;
    }
    const keep = Math.min(this.tailLength, TAIL_BYTES - region.length);
    if (keep < this.tailLength) this.truncated = true;
    this.tail.copy(this.tail, 0, this.tailLength - keep, this.tailLength);
    region.copy(this.tail, keep);
    this.tailLength = keep + region.length;
  }

  /** The kept bytes as text, without the partial first line when the window has cut one. */
  text(): string {
    const text = this.tail.toString('latin1', 0, this.tailLength);
    return this.truncated ? text.slice(text.indexOf('\n') + 1) : text;
  }

  /** The last `count` complete lines kept (fewer if the window holds fewer). */
  lastLines(count: number): string[] {
    const from = Math.max(0, this.tailLength - 4096);
    const lines = this.tail.toString('latin1', from, this.tailLength).split('\n');
    if (lines.at(-1) === '') lines.pop();
    if (from > 0 || this.truncated) lines.shift();
    return lines.slice(-count);
  }
}
