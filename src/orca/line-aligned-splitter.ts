const NEWLINE = 0x0a;

/**
 * Cuts an arbitrary byte stream into regions that end right after a newline, so that no line
 * straddles two regions. The bulk of every pushed chunk is handed on in place (no copy); only the
 * partial last line is kept until the next chunk completes it. A "line" longer than `maxLineBytes`
 * (binary garbage) is force-split, which keeps memory bounded.
 */
export class LineAlignedSplitter {
  private readonly carry: Buffer;
  private carryLength = 0;

  constructor(
    private readonly onRegion: (region: Buffer) => void,
    maxLineBytes = 1 << 20,
  ) {
    this.carry = Buffer.allocUnsafe(maxLineBytes);
  }

  /** The chunk may be reused by the caller once push returns. */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.carryLength > 0) {
      const firstNewline = chunk.indexOf(NEWLINE);
      if (firstNewline === -1) {
        this.appendToCarry(chunk);
        return;
      }
      this.appendToCarry(chunk.subarray(0, firstNewline + 1));
      this.flushCarry();
      start = firstNewline + 1;
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline >= start) {
      this.onRegion(chunk.subarray(start, lastNewline + 1));
      start = lastNewline + 1;
    }
    if (start < chunk.length) this.appendToCarry(chunk.subarray(start));
  }

  end(): void {
    this.flushCarry();
  }

  private appendToCarry(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) {
      const n = Math.min(this.carry.length - this.carryLength, bytes.length - offset);
      bytes.copy(this.carry, this.carryLength, offset, offset + n);
      this.carryLength += n;
      offset += n;
      if (this.carryLength === this.carry.length) this.flushCarry();
    }
  }

  private flushCarry(): void {
    if (this.carryLength === 0) return;
    const region = this.carry.subarray(0, this.carryLength);
    this.carryLength = 0;
    this.onRegion(region);
  }
}
