/** Bytes that never occur in text output (controls other than tab, newline, form feed, CR; DEL). */
function isControlByte(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

export function countControlBytes(bytes: Buffer, length = bytes.length): number {
  let control = 0;
  for (let i = 0; i < length; i++) if (isControlByte(bytes[i] as number)) control++;
  return control;
}

/** Text outputs have no control bytes; a few stray ones (a flipped byte, a NUL block) are tolerated. */
export function looksBinary(sample: Buffer, length = sample.length): boolean {
  const control = countControlBytes(sample, length);
  return control > 8 && control / length > 0.01;
}

const SNIFF_BYTES = 16 * 1024;

/** Judges whether a stream is text from a sample of its first SNIFF_BYTES. */
export class BinarySniffer {
  private readonly sample = Buffer.alloc(SNIFF_BYTES);
  private sampleLength = 0;
  private judged = false;

  get done(): boolean {
    return this.judged;
  }

  /** Adds the next bytes of the stream; returns why it is not text once a full sample says so. */
  collect(region: Buffer): string | null {
    const n = Math.min(region.length, SNIFF_BYTES - this.sampleLength);
    region.copy(this.sample, this.sampleLength, 0, n);
    this.sampleLength += n;
    return this.sampleLength === SNIFF_BYTES ? this.judge() : null;
  }

  /** Judges the sample as collected so far (all of a stream shorter than the sample). */
  judge(): string | null {
    this.judged = true;
    if (this.sampleLength === 0 || !looksBinary(this.sample, this.sampleLength)) return null;
    const control = countControlBytes(this.sample, this.sampleLength);
    return `content is binary, not text (${control} control bytes in the first ${this.sampleLength})`;
  }
}
