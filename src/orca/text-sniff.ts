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
