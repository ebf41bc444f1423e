import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { shellQuote } from '../../../src/schedulers';

const HOSTILE = [
  '',
  "it's",
  "''",
  "'; rm -rf / #",
  '$(touch /tmp/orcastrate-pwned)',
  '`touch /tmp/orcastrate-pwned`',
  '${HOME}',
  'line one\nline two\n',
  '"double" \\back\\slash',
  '*?[a-z]~ {a,b} !!',
  'ümlaut ✓',
  "\\'",
];

/** What the shell makes of `printf %s <quoted>`: must be the original value, byte for byte. */
function roundTrip(shell: string, value: string): string {
  return execFileSync(shell, ['-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8' });
}

describe('shellQuote', () => {
  it.each(HOSTILE)('bash and POSIX sh read %j back unchanged', (value) => {
    expect(roundTrip('/bin/bash', value)).toBe(value);
    expect(roundTrip('/bin/sh', value)).toBe(value);
  });

  it('never runs command substitutions', () => {
    const output = roundTrip('/bin/bash', '$(echo injected)`echo injected`');
    expect(output).toBe('$(echo injected)`echo injected`');
  });

  it('round-trips arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }).filter((value) => !value.includes('\0')),
        (value) => {
          expect(roundTrip('/bin/bash', value)).toBe(value);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses NUL, which no shell word can hold', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});
